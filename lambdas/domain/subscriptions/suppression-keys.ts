/**
 * The hashed keys a suppression is stored under and looked up by, so that a suppressed
 * mailbox is not mailed under another spelling (x+again@gmail.com, x.@gmail.com after
 * x@gmail.com) while nobody can suppress a mailbox that is not theirs.
 *
 * A lookup matches the address's own hash or its mailbox's hash (mailbox.ts). A suppression
 * writes the address's own hash, and the mailbox's hash only when the address certainly speaks
 * for the whole mailbox: a Gmail tag does (Gmail delivers every tag to it), while a bounce of
 * victim+junk@corp.example (a mailbox of its own where the host has no sub-addressing) or of
 * one Yahoo keyword does not. Entries written before folding (the hash of the exact address)
 * keep matching that address, and every spelling that folds to it.
 */
import { addressHash } from './email-address.ts';
import { foldMailbox } from './mailbox.ts';

/** Lookup and write keys (hex SHA-256, exact address first). */
export function suppressionKeys(email: string): { check: string[]; write: string[] } {
  const exact = addressHash(email);
  const mailbox = foldMailbox(email);
  const folded = addressHash(mailbox.key);
  if (folded === exact) return { check: [exact], write: [exact] };
  return { check: [exact, folded], write: mailbox.certain ? [exact, folded] : [exact] };
}
