// Passwords: argon2id (OWASP's minimum: 19 MiB, 2 iterations, 1 lane), and a length rule.
import { hash, verify, Algorithm } from '@node-rs/argon2';

const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD = 10;

export function passwordProblem(pw: string): string | null {
  if ([...pw].length < MIN_PASSWORD) return `密码至少 ${MIN_PASSWORD} 个字符`;
  if ([...pw].length > 200) return '密码最多 200 个字符';
  return null;
}

export function hashPassword(pw: string): Promise<string> {
  return hash(pw, OPTIONS);
}

export async function verifyPassword(stored: string | null, pw: string): Promise<boolean> {
  // No hash (an invited user who has not set one): still spend the time, so timing says nothing.
  if (!stored) {
    await hash(pw, OPTIONS);
    return false;
  }
  try {
    return await verify(stored, pw);
  } catch {
    return false;
  }
}
