/** The token of an `Authorization: Bearer <token>` header; undefined when the header is missing or of another form. */
export function bearerToken(authorization: string | string[] | undefined): string | undefined {
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  return /^Bearer\s+(\S+)$/i.exec(value ?? '')?.[1];
}
