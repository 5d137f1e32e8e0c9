import { scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DUMMY_HASH, hashPassword, needsRehash, sharedPasswordHasher, verifyPassword } from "./password.server";

/** A hash as the first version wrote it (scrypt N=2^14), made here independently of the module. */
function oldHash(password: string): string {
  const salt = Buffer.from("0123456789abcdef");
  const key = scryptSync(password, salt, 64, { N: 2 ** 14, r: 8, p: 1 });
  return ["scrypt", 16384, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

describe("password hashes", () => {
  it("are scrypt with N=2^17, r=8, p=1 and their parameters, and verify only the right password", async () => {
    const hash = await hashPassword("mat-khau-dung-roi");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w+/=]{24}\$[\w+/=]{88}$/);
    expect(await verifyPassword("mat-khau-dung-roi", hash)).toBe(true);
    expect(await verifyPassword("mat-khau-sai", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(await hashPassword("mat-khau-dung-roi")).not.toBe(hash);
  });

  it("made with the old N=2^14 still verify, and are due for a rehash", async () => {
    const hash = oldHash("mat-khau-cu-2024");
    expect(await verifyPassword("mat-khau-cu-2024", hash)).toBe(true);
    expect(await verifyPassword("mat-khau-khac", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(true);
  });

  it("that are not ours, or ask for absurd parameters, verify nothing and throw nothing", async () => {
    for (const stored of ["", "plain", "bcrypt$2b$10$abc", "scrypt$16384$8$1$$", "scrypt$1073741824$8$1$AAAA$AAAA", "scrypt$1000$8$1$AAAA$AAAA", "scrypt$16384$8$1$AAAA$AAAA$extra"]) {
      expect(await verifyPassword("anything", stored), stored).toBe(false);
      expect(needsRehash(stored), stored).toBe(true);
    }
    expect(await verifyPassword("", DUMMY_HASH)).toBe(false);
    expect(needsRehash(DUMMY_HASH)).toBe(false);
  });

  it("shared by many demo or test accounts are made once per password", async () => {
    const hash = sharedPasswordHasher();
    const first = hash("mat-khau-chung-2025");
    expect(hash("mat-khau-chung-2025")).toBe(first);
    expect(await verifyPassword("mat-khau-chung-2025", await first)).toBe(true);
    expect(await hash("mat-khau-khac-2025")).not.toBe(await first);
  });
});
