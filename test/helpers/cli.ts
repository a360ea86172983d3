import { Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/types.ts';

/** A stream that keeps what is written to it. */
export class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** CLI streams that capture stdout and stderr, for calling `main` or a command's `run` in tests. */
export function captureIo(env: NodeJS.ProcessEnv = {}): {
  io: CliIo;
  readonly stdout: string;
  readonly stderr: string;
} {
  const out = new TextSink();
  const err = new TextSink();
  return {
    io: { stdout: out, stderr: err, env },
    get stdout() {
      return out.text;
    },
    get stderr() {
      return err.text;
    },
  };
}
