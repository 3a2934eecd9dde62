"""Adds the OPA Wasm ABI's version globals to a module.

    python3 scripts/lib/opa_abi.py IN.wasm OUT.wasm MAJOR MINOR

OPA hosts read the exported i32 globals `opa_wasm_abi_version` and
`opa_wasm_abi_minor_version`. Rust cannot define a wasm global: the linker exports a static as
a global holding its address, not its value. So the two constant globals are appended to the
module's global section and exported; nothing else in the module changes (no index moves, as
they come after every other global).
"""

import sys


def leb_u(data: bytes, i: int):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def enc_u(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def enc_s(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if (n == 0 and not byte & 0x40) or (n == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def name(s: str) -> bytes:
    b = s.encode()
    return enc_u(len(b)) + b


def sections(wasm: bytes):
    if wasm[:8] != b"\0asm\1\0\0\0":
        sys.exit("opa_abi.py: not a WebAssembly 1.0 module")
    i = 8
    while i < len(wasm):
        sid = wasm[i]
        size, body = leb_u(wasm, i + 1)
        yield sid, wasm[body : body + size]
        i = body + size


def imported_globals(body: bytes) -> int:
    n, i = leb_u(body, 0)
    count = 0
    for _ in range(n):
        for _ in range(2):
            length, i = leb_u(body, i)
            i += length
        kind = body[i]
        i += 1
        if kind == 0:  # function: type index
            _, i = leb_u(body, i)
        elif kind == 1:  # table: reftype, limits
            i += 1
            flags = body[i]
            _, i = leb_u(body, i + 1)
            if flags & 1:
                _, i = leb_u(body, i)
        elif kind == 2:  # memory: limits
            flags = body[i]
            _, i = leb_u(body, i + 1)
            if flags & 1:
                _, i = leb_u(body, i)
        elif kind == 3:  # global: valtype, mutability
            i += 2
            count += 1
        else:
            sys.exit(f"opa_abi.py: unknown import kind {kind}")
    return count


def main(src: str, dst: str, major: int, minor: int) -> None:
    wasm = open(src, "rb").read()
    parts = list(sections(wasm))
    ids = [sid for sid, _ in parts]
    if 6 not in ids or 7 not in ids:
        sys.exit("opa_abi.py: the module has no global or export section")
    imported = next((imported_globals(b) for sid, b in parts if sid == 2), 0)
    out = bytearray(wasm[:8])
    for sid, body in parts:
        if sid == 6:
            n, i = leb_u(body, 0)
            first = imported + n
            added = b"".join(b"\x7f\x00\x41" + enc_s(v) + b"\x0b" for v in (major, minor))
            body = enc_u(n + 2) + body[i:] + added
        elif sid == 7:
            n, i = leb_u(body, 0)
            exports = body[i:]
            for k, export in enumerate(("opa_wasm_abi_version", "opa_wasm_abi_minor_version")):
                if name(export) in body:
                    sys.exit(f"opa_abi.py: the module already exports `{export}`")
                exports += name(export) + b"\x03" + enc_u(first + k)
            body = enc_u(n + 2) + exports
        out += bytes([sid]) + enc_u(len(body)) + body
    open(dst, "wb").write(out)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: opa_abi.py IN.wasm OUT.wasm MAJOR MINOR")
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
