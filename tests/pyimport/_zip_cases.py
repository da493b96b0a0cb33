"""Builds ZIP archives holding importable modules, intact or damaged in a seeded, reproducible way."""

import importlib.util
import io
import marshal
import random
import struct
import time
import zipfile

MODULE = 'zmal_mod'
PACKAGE = 'zmal_pkg'
DATA = 'zmal_data.bin'
# A fixed member date, so that timestamp pycs can be made to match their source.
DATE = (2020, 5, 17, 10, 20, 30)
MAGIC = importlib.util.MAGIC_NUMBER


def source(value):
    return f'value = {value!r}\n'.encode()


def timestamp_pyc(text, mtime=None, size=None):
    mtime = int(time.mktime(DATE + (0, 0, -1))) if mtime is None else mtime
    code = compile(text, '<zip>', 'exec')
    size = len(text) if size is None else size
    return MAGIC + struct.pack('<III', 0, mtime & 0xFFFFFFFF, size & 0xFFFFFFFF) + marshal.dumps(code)


def hash_pyc(text, checked, hashed=None):
    code = compile(text, '<zip>', 'exec')
    digest = importlib.util.source_hash(text if hashed is None else hashed)
    return MAGIC + struct.pack('<I', 0b11 if checked else 0b01) + digest + marshal.dumps(code)


def members(rng):
    """{name: bytes} for one archive: a module (source, pyc or both), a package, data."""
    value = rng.randrange(1000)
    text = source(value)
    kind = rng.choice(['py', 'pyc', 'both', 'stale', 'hash', 'hash-unchecked', 'hash-wrong'])
    files = {}
    if kind in ('py', 'both', 'stale', 'hash', 'hash-unchecked', 'hash-wrong'):
        files[MODULE + '.py'] = text
    if kind in ('pyc', 'both'):
        files[MODULE + '.pyc'] = timestamp_pyc(source(value + 1) if kind == 'pyc' else text)
    elif kind == 'stale':
        files[MODULE + '.pyc'] = timestamp_pyc(source(value + 2), mtime=12345)
    elif kind.startswith('hash'):
        compiled = source(value + 3)
        files[MODULE + '.pyc'] = hash_pyc(compiled, kind != 'hash-unchecked',
                                          hashed=b'other' if kind == 'hash-wrong' else text)
    if MODULE + '.pyc' in files and rng.random() < 0.4:
        files[MODULE + '.pyc'] = damaged_pyc(files[MODULE + '.pyc'], rng)
    files[PACKAGE + '/__init__.py'] = source(value + 4)
    files[PACKAGE + '/sub/leaf.py'] = source(value + 5)
    files[DATA] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    return files


def damaged_pyc(pyc, rng):
    """A pyc with a broken header or body: bad magic or flags, cut short, or not code."""
    pyc = bytearray(pyc)
    kind = rng.choice(['magic', 'flags', 'header', 'cut', 'body', 'not-code'])
    if kind == 'magic':
        pyc[rng.randrange(4)] ^= 0x10
    elif kind == 'flags':
        pyc[4] = rng.choice([0b100, 0b10, 0xFF])
    elif kind == 'header':
        pyc[rng.randrange(8, 16)] ^= 1 << rng.randrange(8)
    elif kind == 'cut':
        del pyc[rng.randrange(len(pyc)):]
    elif kind == 'body':
        # Only the marshal type byte: flipped bytes inside a code object can make code
        # that crashes any interpreter running it.
        pyc[16] ^= 1 << rng.randrange(8)
    else:
        pyc[16:] = marshal.dumps(rng.choice([42, 'text', (1, 2)]))
    return bytes(pyc)


def build(files, *, deflate, comment=b'', zip64=False):
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, 'w', compression=method) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = method
            if zip64:
                with archive.open(info, 'w', force_zip64=True) as stream:
                    stream.write(data)
            else:
                archive.writestr(info, data)
        archive.comment = comment
    data = buffer.getvalue()
    return with_zip64_end(data, len(comment)) if zip64 else data


def build_zip64_entries(files, *, deflate, rng, odd=True):
    """An archive whose central directory saturates some of each entry's size and offset
    fields and gives them in a zip64 extra field (APPNOTE 4.5.3), written by hand:
    zipfile only does so for members over 4 GiB.  With *odd*, some extra fields are
    malformed (see odd_extra) and some entries have a comment."""
    import zlib
    out, central = bytearray(), bytearray()
    dos_time = DATE[3] << 11 | DATE[4] << 5 | DATE[5] // 2
    dos_date = (DATE[0] - 1980) << 9 | DATE[1] << 5 | DATE[2]
    for name, data in files.items():
        raw = name.encode()
        body = zlib.compress(data, wbits=-15) if deflate else data
        fields = [len(data), len(body), len(out)]
        saturated = [rng.random() < 0.6 for _ in fields]
        extra_values = [v for v, s in zip(fields, saturated) if s]
        extra = (struct.pack('<HH', 1, 8 * len(extra_values))
                 + b''.join(struct.pack('<Q', v) for v in extra_values)) if extra_values else b''
        if odd and extra and rng.random() < 0.3:
            extra = odd_extra(extra, rng)
        shown = [0xFFFFFFFF if s else v for v, s in zip(fields, saturated)]
        crc = zlib.crc32(data)
        method = 8 if deflate else 0
        out += b'PK\x03\x04' + struct.pack('<HHHHHIIIHH', 45, 0, method, dos_time, dos_date,
                                            crc, len(body), len(data), len(raw), 0) + raw + body
        # A comment after a zip64 extra field is read as part of it (see ziparchive.py).
        note = rng.choice([b'', b'', b'a note']) if odd else b''
        central += b'PK\x01\x02' + struct.pack(
            '<HHHHHHIIIHHHHHII', 45, 45, 0, method, dos_time, dos_date, crc, shown[1],
            shown[0], len(raw), len(extra), len(note), 0, 0, 0, shown[2]) + raw + extra + note
    end = b'PK\x05\x06' + struct.pack('<HHHHIIH', 0, 0, len(files), len(files),
                                        len(central), len(out), 0)
    return bytes(out + central + end)


def odd_extra(extra, rng):
    """A zip64 extra field gone wrong: too few values, a ragged length, blocks around it."""
    kind = rng.choice(['short', 'ragged', 'after', 'before', 'claims-more'])
    if kind == 'short':
        return struct.pack('<HH', 1, len(extra) - 12) + extra[4:-8]
    if kind == 'ragged':
        return struct.pack('<HH', 1, len(extra) - 3) + extra[4:-3]
    if kind == 'after':
        return extra + struct.pack('<HH', 0x7075, 2) + b'ok'
    if kind == 'before':
        return struct.pack('<HH', 0x7075, 2) + b'ok' + extra
    return struct.pack('<HH', 1, len(extra)) + extra[4:]


def with_zip64_end(data, comment_length=0):
    """The archive with zip64 end records (APPNOTE 4.3.14-15) and a saturated end record."""
    end = len(data) - 22 - comment_length
    count, size, offset = struct.unpack_from('<HII', data, end + 10)
    comment = data[end + 22:]
    record = b'PK\x06\x06' + struct.pack('<QHHIIQQQQ', 44, 45, 45, 0, 0, count, count,
                                         size, offset)
    locator = b'PK\x06\x07' + struct.pack('<IQI', 0, end, 1)
    tail = b'PK\x05\x06' + struct.pack('<HHHHIIH', 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF,
                                       0xFFFFFFFF, 0xFFFFFFFF, len(comment))
    return data[:end] + record + locator + tail + comment


def regions(data):
    """(start, end) spans of the archive's structures: local headers, directory, end records."""
    spans = []
    for sig, length in ((b'PK\x03\x04', 30), (b'PK\x01\x02', 46), (b'PK\x05\x06', 22),
                        (b'PK\x06\x06', 56), (b'PK\x06\x07', 20)):
        at = data.find(sig)
        while at >= 0:
            spans.append((at, at + length))
            at = data.find(sig, at + 1)
    return spans


def damage(data, rng, anywhere):
    """One random kind of damage; returns (description, damaged bytes).

    Bytes are flipped anywhere only if *anywhere* (no bytecode members: see damaged_pyc),
    else only in the archive's own structures.
    """
    kind = rng.choice(['truncate', 'flip-structure', 'flip-structure', 'flip-any',
                       'field', 'prepend', 'prepend-flip'])
    if not anywhere and kind in ('flip-any', 'prepend-flip'):
        kind = 'flip-structure'
    data = bytearray(data)
    if kind == 'truncate':
        cut = rng.randrange(len(data) + 1)
        return f'truncate at {cut}', bytes(data[:cut])
    if kind in ('flip-structure', 'field'):
        start, end = rng.choice(regions(bytes(data)))
        at = rng.randrange(start, min(end, len(data)))
        if kind == 'field':
            width = rng.choice([1, 2, 4])
            value = rng.choice([0, 1, 0xFF, 0xFFFF, 0xFFFFFFFF, rng.randrange(1 << 32)])
            chunk = (value & ((1 << 8 * width) - 1)).to_bytes(width, 'little')
            data[at:at + width] = chunk
            return f'field {width}@{at}={value:#x}', bytes(data)
        data[at] ^= 1 << rng.randrange(8)
        return f'flip structure byte {at}', bytes(data)
    if kind == 'flip-any':
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
        return f'flip byte {at}', bytes(data)
    junk = b'#!/usr/bin/env python3\n' + bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
    if kind == 'prepend':
        return f'prepend {len(junk)}', junk + bytes(data)
    at = rng.randrange(len(data))
    data[at] ^= 1 << rng.randrange(8)
    return f'prepend {len(junk)}, flip byte {at}', junk + bytes(data)


def archive_case(seed):
    """(description, archive bytes, module to import, data member) for one seed."""
    rng = random.Random(seed)
    files = members(rng)
    deflate = rng.random() < 0.5
    zip64 = rng.random() < 0.3
    comment = rng.choice([b'', b'', b'a comment', b'PK\x05\x06 fake end'])
    if zip64 and rng.random() < 0.5:
        data = build_zip64_entries(files, deflate=deflate, rng=rng)
        if rng.random() < 0.5:
            data = with_zip64_end(data)
        zip64 = 'zip64 entries'
    else:
        data = build(files, deflate=deflate, comment=comment, zip64=zip64)
    kind = 'deflated' if deflate else 'stored'
    label = f'seed {seed} ({kind}{", zip64" if zip64 else ""}{"" if zip64 in (True, False) else " entries"})'
    if rng.random() < 0.9:
        how, data = damage(data, rng, anywhere=MODULE + '.pyc' not in files)
        label += ': ' + how
    module = rng.choice([MODULE, MODULE, PACKAGE, PACKAGE + '.sub.leaf'])
    return label, data, module, DATA
