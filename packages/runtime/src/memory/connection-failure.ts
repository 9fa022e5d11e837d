/**
 * @internal Why the broker closes a whole connection (AMQP hard error), as RabbitMQ says it.
 * Today only 541 INTERNAL_ERROR, which RabbitMQ 4.3 sends when a deprecated feature that is
 * denied by default is used.
 */
export class ConnectionFailure {
  readonly code = 541;
  readonly replyText: string;

  constructor(detail: string) {
    this.replyText = limitReplyText(`INTERNAL_ERROR - ${detail}`);
  }

  /**
   * RabbitMQ 4.3's refusal of a deprecated feature that is denied by default, word for word
   * (rabbit_deprecated_features.erl generates it for features without their own message).
   */
  static deprecated(feature: string): ConnectionFailure {
    return new ConnectionFailure(
      `Feature \`${feature}\` is deprecated.\n` +
        'By default, this feature is not permitted anymore.\n' +
        'The feature will be removed from a future major RabbitMQ version, regardless of the configuration; actual version to be determined.\n' +
        'To continue using this feature when it is not permitted by default, set the following parameter in your configuration:\n' +
        `    "deprecated_features.permit.${feature} = true"`,
    );
  }

  /** amqplib's text for the close: `Connection closed: 541 (INTERNAL-ERROR) with message "..."`. */
  get closeMessage(): string {
    return `Connection closed: ${this.code} (INTERNAL-ERROR) with message "${this.replyText}"`;
  }

  /** The error amqplib's connection emits before it closes. */
  connectionError(): Error {
    return Object.assign(new Error(this.closeMessage), { code: this.code });
  }
}

/**
 * A reply text is an AMQP short string: RabbitMQ cuts it to 255 characters, the last three
 * of them "..." (rabbit_binary_generator.erl, io_lib's chars_limit).
 */
export function limitReplyText(text: string): string {
  return text.length <= 255 ? text : `${text.slice(0, 252)}...`;
}

/** @internal amqplib's rejection of a channel operation whose connection closed under it. */
export function channelEndedError(): Error {
  return new Error('Channel ended, no reply will be forthcoming');
}
