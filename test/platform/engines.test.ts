import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadConfig, localUrl } from '../../src/config.ts';

const require = createRequire(import.meta.url);
const semver = require('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

describe('Node 20 compatibility', () => {
  it('locks only packages whose engines accept the oldest Node the service supports (no EBADENGINE on npm ci)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const oldest = semver.minVersion(pkg.engines.node)?.version ?? '';
    expect(oldest.startsWith('20.')).toBe(true);
    const refused = Object.entries(lock.packages)
      .filter(([name, p]) => name && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(oldest, (p.engines as { node: string }).node))
      .map(([name, p]) => `${name} needs node ${(p.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });
});

describe('one service address', () => {
  it('defaults the base URL of links to the address the server listens on', () => {
    expect(loadConfig({ PORT: '3000' }).baseUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ PORT: '8080', HOST: '0.0.0.0' }).baseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '3000', SERVICE_URL: 'https://cohesion.example.gov.uk' }).baseUrl).toBe(
      'https://cohesion.example.gov.uk',
    );
    expect(localUrl('::1', 3000)).toBe('http://[::1]:3000');
  });

  it('names in the README the address the service prints and links with by default', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(`<${loadConfig({}).baseUrl}>`);
    expect(readme).not.toMatch(/<http:\/\/localhost:3000>/);
  });
});
