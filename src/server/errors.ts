/** An error that maps to an HTTP status and a message-catalogue key; safe to show to users. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly key: string,
  ) {
    super(key);
    this.name = 'HttpError';
  }
}

export const notFound = () => new HttpError(404, 'errors.notFound');
export const forbidden = () => new HttpError(403, 'errors.forbidden');
