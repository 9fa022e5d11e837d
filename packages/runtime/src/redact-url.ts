/** Query parameters whose value is hidden: anything that looks like a credential. */
const SECRET_KEY = /pass|pwd|secret|token|key|auth|cred|sig|session|cert/i;
const SCHEME = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is;

/**
 * Returns `url` with its secrets replaced by `***`, for logs and error messages: the password
 * of the user-info part, and the value of every query parameter whose name looks like a
 * credential (`password`, `token`, `auth_mechanism`, `key`, ...). The user-info part ends at
 * the last `@`, so a password with an unescaped `@`, `/` or `?` is hidden whole. Input
 * without a `scheme://` is hidden whole rather than echoed, since it may hold a secret.
 *
 * @example
 * redactUrl('amqps://app:s3cret@mq:5671/prod?token=abc&heartbeat=10')
 * // 'amqps://app:***@mq:5671/prod?token=***&heartbeat=10'
 */
export function redactUrl(url: string): string {
  const match = SCHEME.exec(url);
  if (!match) return '<unparseable url>';
  let rest = match[2]!;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userInfo = rest.slice(0, at);
    const colon = userInfo.indexOf(':');
    rest = `${colon >= 0 ? `${userInfo.slice(0, colon)}:***` : userInfo}@${rest.slice(at + 1)}`;
  }
  const query = rest.indexOf('?');
  if (query >= 0) {
    const params = rest
      .slice(query + 1)
      .split('&')
      .map((param) => {
        const eq = param.indexOf('=');
        const name = eq >= 0 ? param.slice(0, eq) : param;
        return eq >= 0 && SECRET_KEY.test(name) ? `${name}=***` : param;
      });
    rest = `${rest.slice(0, query)}?${params.join('&')}`;
  }
  return match[1]! + rest;
}

/**
 * @internal Splits the comma-separated form of a URL list. A comma starts a new URL only where
 * a `scheme://` follows it, so a comma inside a password or a query value stays where it is.
 */
export function splitUrlList(urls: string): string[] {
  return urls
    .split(/,(?=\s*[a-z][a-z0-9+.-]*:\/\/)/i)
    .map((u) => u.trim())
    .filter(Boolean);
}
