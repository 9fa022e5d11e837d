import { X509Certificate } from 'node:crypto';
import type { TlsOptions } from './connect-options.js';
import { errorMessage } from '../error-message.js';

/**
 * @internal The user an EXTERNAL login gets from RabbitMQ with `ssl_cert_login_from =
 * common_name`: the subject CN of the client certificate (`tls.cert`, its first certificate
 * when it is a chain or a list). Undefined when the certificate has no CN. A broker left at
 * its default (`distinguished_name`) names the user by the whole DN instead; then give
 * `ConnectOptions.user`. A `pfx` is not read: give `user` with it.
 *
 * @throws TypeError naming `tls.cert` when it is not a certificate Node can parse.
 */
export function certificateUser(cert: TlsOptions['cert']): string | undefined {
  const first = Array.isArray(cert) ? cert[0] : cert;
  if (first === undefined) return undefined;
  let subject: string;
  try {
    subject = new X509Certificate(first).subject;
  } catch (err) {
    throw new TypeError(`ConnectOptions.tls.cert: expected a PEM or DER client certificate, for example the text of client.pem; it does not parse (${errorMessage(err)})`);
  }
  // Node lists the subject's attributes one per line: "O=Acme\nCN=orders-service".
  const cn = /^CN=(.+)$/m.exec(subject)?.[1];
  return cn === undefined || cn === '' ? undefined : cn;
}
