import argon2 from 'argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** OWASP-recommended argon2id parameters (19 MiB, 2 iterations, 1 lane). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of a random string, verified against when the email is unknown, so timing does not reveal accounts. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-' + Math.random());
  return dummy;
}

/**
 * The deny list: about 49,000 passwords most common in published breaches (the zxcvbn-ts "common" list),
 * compared case-insensitively.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

const KEYBOARD_ROWS = ['qwertyuiopasdfghjklzxcvbnm', '1234567890', 'abcdefghijklmnopqrstuvwxyz'];

/** A run of one repeated character or a straight keyboard/alphabet/number sequence, at any length. */
function isRunOrSequence(p: string): boolean {
  if (new Set(p).size <= 2) return true;
  const lower = p.toLowerCase();
  return KEYBOARD_ROWS.some((row) => {
    const twice = row + row;
    const reversed = [...twice].reverse().join('');
    return twice.includes(lower) || reversed.includes(lower);
  });
}

/**
 * The rules shown to users, following NCSC guidance ("Password administration for system owners"): at least
 * 12 characters with no composition rules, and not a common or breached password. A password is refused when
 * it, or it without trailing digits and symbols ("password1234" → "password"), is on the deny list, or when it
 * is a run of one character or a keyboard sequence.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'auth.password.tooShort';
  if (password.length > 256) return 'auth.password.tooLong';
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  const list = commonPasswords();
  if (list.has(lower) || (stem.length >= 4 && list.has(stem)) || isRunOrSequence(password)) {
    return 'auth.password.tooCommon';
  }
  return null;
}
