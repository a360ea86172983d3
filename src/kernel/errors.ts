/**
 * A business rule broken by input that looked valid: the service throws it, the route shows it.
 * `key` is a message-catalogue key (filled from `params`), `field` the form field it belongs to, if any.
 * Shared by every module so routes handle rule failures one way.
 */
export class DomainError extends Error {
  constructor(
    readonly key: string,
    readonly field?: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'DomainError';
  }
}
