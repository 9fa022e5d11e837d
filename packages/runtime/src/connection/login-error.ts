import { RpcError } from '../rpc-error.js';
import { redactUrl } from '../redact-url.js';
import { errorMessage } from '../error-message.js';

/**
 * @internal A broker's refusal to let this connection in, as the error the caller gets; or
 * undefined when `err` is something else (a network or TLS failure, worth retrying).
 *
 * RabbitMQ answers a wrong password, an unknown user and a client certificate whose name is
 * no user alike (403 ACCESS_REFUSED, "Login was refused"): UNAUTHENTICATED. A user without
 * access to the vhost is refused after login (530 NOT_ALLOWED at connection.open; a missing
 * vhost or a connection limit look the same through amqplib): PERMISSION_DENIED. Neither
 * gets better by trying again or trying another node of the same cluster, so `connect()`
 * fails at once on them. The message names the URL redacted and the broker's reason, never
 * the password (RabbitMQ's reason does not carry it).
 */
export function loginError(err: unknown, url: string, auth: 'plain' | 'external'): RpcError | undefined {
  const message = errorMessage(err);
  const how = auth === 'external' ? 'the client certificate (auth: external)' : 'the user name and password';
  const refused = /ACCESS_REFUSED - [^"]*/.exec(message);
  if (refused) {
    return new RpcError('UNAUTHENTICATED', `RabbitMQ at ${redactUrl(url)} refused the login: ${refused[0].trim()}; check ${how}`);
  }
  if (/SASL mechanism EXTERNAL is not provided/.test(message)) {
    return new RpcError('UNAUTHENTICATED', `RabbitMQ at ${redactUrl(url)} does not offer EXTERNAL login: enable the rabbitmq_auth_mechanism_ssl plugin, or use auth: 'plain'`);
  }
  // amqplib drops the reason of a close during connection.open (530 NOT_ALLOWED); the
  // causes RabbitMQ has for it are these.
  if (/Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) {
    return new RpcError(
      'PERMISSION_DENIED',
      `RabbitMQ at ${redactUrl(url)} accepted the login but refused to open the vhost: the user has no permissions on it, it does not exist, or a connection limit was reached (rabbitmqctl list_permissions -p <vhost>)`,
    );
  }
  return undefined;
}

/** True for the errors of {@link loginError}: the first connect gives up on them at once. */
export function isLoginError(err: unknown): err is RpcError {
  return err instanceof RpcError && (err.code === 'UNAUTHENTICATED' || err.code === 'PERMISSION_DENIED');
}
