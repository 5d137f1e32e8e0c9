import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

// scrypt from node:crypto at OWASP's minimum for it: N=2^17, r=8, p=1 (128 MiB and a few hundred
// milliseconds a hash). Each hash carries its parameters, so a hash made with weaker ones still
// verifies, and is replaced at its owner's next sign-in (needsRehash).
const PARAMS = { N: 2 ** 17, r: 8, p: 1, keylen: 64 };
export const MIN_PASSWORD_LENGTH = 10;

interface Params {
  N: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, keylen: number, { N, r, p }: Params): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // scrypt needs 128·N·r bytes; node refuses more than maxmem (32 MiB by default)
    scrypt(password.normalize("NFC"), salt, keylen, { N, r, p, maxmem: 2 * 128 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS.keylen, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64"), key.toString("base64")].join("$");
}

interface StoredHash {
  params: Params;
  salt: Buffer;
  key: Buffer;
}

/** A stored hash's parts; null for anything this module did not write (or with parameters no one should run). */
function parseHash(stored: string): StoredHash | null {
  const [scheme, n, r, p, saltText, keyText, ...rest] = stored.split("$");
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = Number.isInteger(Math.log2(params.N)) && params.N >= 2 ** 10 && params.N <= 2 ** 20 && params.r >= 1 && params.r <= 32 && params.p >= 1 && params.p <= 16;
  if (scheme !== "scrypt" || !saltText || !keyText || rest.length || !sane) return null;
  return { params, salt: Buffer.from(saltText, "base64"), key: Buffer.from(keyText, "base64") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parseHash(stored);
  if (!hash || hash.key.length === 0) return false;
  const key = await derive(password, hash.salt, hash.key.length, hash.params);
  return timingSafeEqual(key, hash.key);
}

/** Whether a hash was made with weaker parameters than today's: its password, once known, is hashed again. */
export function needsRehash(stored: string): boolean {
  const hash = parseHash(stored);
  return !hash || hash.params.N < PARAMS.N || hash.params.r < PARAMS.r || hash.params.p < PARAMS.p;
}

/** A hash that matches nothing, verified against unknown emails so timing does not reveal them. */
export const DUMMY_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(64).toString("base64")}`;

/**
 * Hashes each distinct password once: for the demo seed and the test factories, whose many
 * accounts share one password (a shared salt then tells only what is already known).
 */
export function sharedPasswordHasher(): (password: string) => Promise<string> {
  const hashes = new Map<string, Promise<string>>();
  return (password) => {
    let hash = hashes.get(password);
    if (!hash) {
      hash = hashPassword(password);
      hashes.set(password, hash);
    }
    return hash;
  };
}
