import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { NotifyClient } from 'notifications-node-client';

export interface EmailMessage {
  to: string;
  subject: string;
  body: string;
  /** A non-personal reference for tracing, e.g. "invitation:<id>". */
  reference: string;
}

export interface EmailSender {
  readonly kind: 'notify' | 'outbox';
  send(message: EmailMessage): Promise<void>;
}

/**
 * GOV.UK Notify. One generic template with ((subject)) and ((body)) placeholders carries every message,
 * so wording stays in our message catalogues.
 */
export class NotifyEmailSender implements EmailSender {
  readonly kind = 'notify' as const;
  private readonly client: NotifyClient;
  constructor(
    apiKey: string,
    private readonly templateId: string,
  ) {
    this.client = new NotifyClient(apiKey);
  }
  async send(m: EmailMessage): Promise<void> {
    await this.client.sendEmail(this.templateId, m.to, {
      personalisation: { subject: m.subject, body: m.body },
      reference: m.reference,
    });
  }
}

/** Writes each message as a JSON file: used when no Notify key is configured, and by the tests. */
export class OutboxEmailSender implements EmailSender {
  readonly kind = 'outbox' as const;
  constructor(readonly dir: string) {}
  async send(m: EmailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.json`;
    await writeFile(join(this.dir, name), JSON.stringify({ ...m, sentAt: new Date().toISOString() }, null, 2));
  }
  async list(): Promise<(EmailMessage & { sentAt: string })[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith('.json')).sort();
    } catch {
      return [];
    }
    return Promise.all(files.map(async (f) => JSON.parse(await readFile(join(this.dir, f), 'utf8'))));
  }
}

export function createEmailSender(cfg: {
  notifyApiKey?: string;
  notifyTemplateId?: string;
  outboxDir: string;
}): EmailSender {
  if (cfg.notifyApiKey && cfg.notifyTemplateId) return new NotifyEmailSender(cfg.notifyApiKey, cfg.notifyTemplateId);
  return new OutboxEmailSender(cfg.outboxDir);
}
