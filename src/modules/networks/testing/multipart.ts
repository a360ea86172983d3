/** A multipart/form-data body for route tests: text fields and named files. */
export function multipart(fields: Record<string, string>, files: Record<string, { name: string; content: string }>) {
  const boundary = '----networksroutetest';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  for (const [field, file] of Object.entries(files))
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`,
    );
  parts.push(`--${boundary}--\r\n`);
  return { payload: parts.join(''), contentType: `multipart/form-data; boundary=${boundary}` };
}
