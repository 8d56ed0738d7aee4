#!/usr/bin/env python3
"""Independent verifier for a GuestAccess audit export (JSON Lines), written from docs/audit.md
alone: recomputes every record hash, checks the links, the sequence, and every checkpoint's
ES256 signature and head. Usage: verify_export.py EXPORT.jsonl [PUBLIC_KEYS.json]
Exit 0 when the file verifies, 1 when it does not (problems are printed, one per line)."""
import base64, datetime, hashlib, json, struct, sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

ABSENT = b"\xff\xff\xff\xff"


def field(value):
    if value is None:
        return ABSENT
    data = value if isinstance(value, bytes) else value.encode("utf-8")
    return struct.pack(">I", len(data)) + data


def micros(text):
    moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    delta = moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def record_hash(r):
    digest = bytes.fromhex(r["personalDigest"]) if r["personalDigest"] is not None else None
    encoded = (b"GA-AUDIT" + bytes([r["format"]]) + struct.pack(">q", r["seq"]) + struct.pack(">q", micros(r["recordedAt"]))
               + field(r["category"]) + field(r["action"]) + field(r["actor"]) + field(r["site"]) + field(r["door"])
               + field(r["subject"]) + field(r["outcome"]) + field(r["data"]) + field(digest) + bytes.fromhex(r["previousHash"]))
    return hashlib.sha256(encoded).digest()


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key(jwk):
    x, y = int.from_bytes(b64url(jwk["x"]), "big"), int.from_bytes(b64url(jwk["y"]), "big")
    return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()


def checkpoint(token, keys):
    header, payload, signature = token.split(".")
    kid = json.loads(b64url(header))["kid"]
    raw = b64url(signature)
    der = utils.encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    keys[kid].verify(der, (header + "." + payload).encode("ascii"), ec.ECDSA(hashes.SHA256()))
    return json.loads(b64url(payload))


def main(path, key_file=None):
    problems, checkpoints, previous, expected, last, ended = [], {}, None, None, 0, False
    with open(path, encoding="utf-8") as lines:
        header = json.loads(next(lines))
        jwks = json.load(open(key_file)) if key_file else header["publicKeys"]
        keys = {k["kid"]: public_key(k) for k in jwks["keys"]}
        expected = header["from"]
        if expected == 1:
            previous = bytes(32)
        for line in lines:
            item = json.loads(line)
            if item["type"] == "checkpoint":
                try:
                    claims = checkpoint(item["token"], keys)
                    checkpoints[claims["seq"]] = bytes.fromhex(claims["head"])
                except (InvalidSignature, KeyError, ValueError) as e:
                    problems.append(f"checkpoint: invalid ({type(e).__name__})")
            elif item["type"] == "record":
                seq = item["seq"]
                if seq != expected:
                    problems.append(f"record {expected}: expected here, found {seq}")
                    previous = None
                if record_hash(item) != bytes.fromhex(item["hash"]):
                    problems.append(f"record {seq}: hash mismatch")
                if previous is not None and bytes.fromhex(item["previousHash"]) != previous:
                    problems.append(f"record {seq}: does not follow the record before")
                if seq in checkpoints and checkpoints[seq] != bytes.fromhex(item["hash"]):
                    problems.append(f"record {seq}: differs from its signed checkpoint")
                previous, expected, last = bytes.fromhex(item["hash"]), max(expected, seq + 1), max(last, seq)
            elif item["type"] == "end":
                ended = True
    if not ended:
        problems.append("file: no end line (cut short)")
    beyond = [s for s in checkpoints if s > last and s <= header["to"]]
    if beyond:
        problems.append(f"record {last + 1}: missing, checkpoint {max(beyond)} covers it (truncated)")
    for problem in problems:
        print(problem)
    print(("OK" if not problems else "FAILED") + f": {last} records, {len(checkpoints)} checkpoints")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
