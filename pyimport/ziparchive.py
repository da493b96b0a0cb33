"""Zip half, part 2: reading a ZIP archive's directory and its members (APPNOTE 4.3, zip64)."""

# Runs in sys.modules['zipimport']'s namespace after zipstart.py (ZipImportError, path_sep)
# and before zipimport.py.  Only modules loaded at start-up may be imported here; zlib is
# imported on first need.
#
# What is read, from the end of the file backwards (APPNOTE.TXT 4.3.6):
#   [data before the archive]  [local header + data]...  [central directory]
#   [zip64 end record] [zip64 locator]  end record (22 bytes) [comment <= 65535 bytes]
# Every offset stored in the archive is relative to its first local header; when data
# was put in front (a shebang line making a zipapp executable), the difference between
# where the central directory says it starts and where it really ends up is added back.
import _frozen_importlib as _bootstrap
import _frozen_importlib_external as _bootstrap_external
import _io

# What each release changed (see versions.py): install.py compiles this half with each
# _since('NAME') folded to its value; compiled as it is, it asks the path half's table.
_since = getattr(_bootstrap_external, '_since', None)

_END_SIG = b'PK\x05\x06'
_END_SIZE = 22
_END64_SIG = b'PK\x06\x06'
_END64_SIZE = 56
_LOCATOR_SIZE = 20
_CENTRAL_SIG = b'PK\x01\x02'
_CENTRAL_SIZE = 46
_LOCAL_SIG = b'PK\x03\x04'
_LOCAL_SIZE = 30
_LONGEST_COMMENT = 0xFFFF
_FULL32 = 0xFFFFFFFF
_ZIP64_EXTRA = 0x0001
_UTF8_NAME = 0x800

def _le(data, start, width):
    return int.from_bytes(data[start:start + width], 'little')


def _open(archive):
    try:
        return _io.open_code(archive)
    except OSError:
        raise ZipImportError(f"can't open Zip file: {archive!r}", path=archive)


def _read_exactly(stream, size, archive):
    data = stream.read(size)
    if len(data) != size:
        raise ZipImportError(f"can't read Zip file: {archive!r}", path=archive)
    return data


class _Directory:
    """Where an archive's central directory is, read from its end records."""

    def __init__(self, stream, archive):
        self.archive = archive
        self.stream = stream
        end, self.end_at = self._end_record()
        # A zip64 end record makes the end record's fields irrelevant, even if the file
        # stops before they do.
        if not self._zip64_records():
            if len(end) != _END_SIZE:
                self._fail('corrupt Zip file')
            self.count = _le(end, 8, 2)  # entries on this disk: the one checked
            self.size = _le(end, 12, 4)
            self.offset = _le(end, 16, 4)
        self._place()

    def _fail(self, why):
        raise ZipImportError(f'{why}: {self.archive!r}', path=self.archive)

    def _end_record(self):
        stream = self.stream
        try:
            length = stream.seek(0, 2)
            if length >= _END_SIZE:
                stream.seek(length - _END_SIZE)
                last = stream.read(_END_SIZE)
                if last[:4] == _END_SIG:
                    return last, length - _END_SIZE
            # An archive comment follows the end record: look back as far as the
            # longest comment reaches, and take the last signature found.
            window = max(length - _END_SIZE - _LONGEST_COMMENT, 0)
            stream.seek(window)
            tail = stream.read()
        except OSError:
            self._fail("can't read Zip file")
        found = tail.rfind(_END_SIG)
        if found < 0:
            self._fail('not a Zip file')
        return tail[found:found + _END_SIZE], window + found

    def _zip64_records(self):
        # A zip64 end record right before the locator supersedes the end record's
        # fields, saturated or not.  The locator's contents are not relied on, nor the
        # record's own offset (which prepended data would move); but the record is not
        # trusted when its signature appears again anywhere after it, up to the end of
        # the file: that is what CPython does.
        at = self.end_at - _LOCATOR_SIZE - _END64_SIZE
        if at < 0:
            return False
        try:
            self.stream.seek(at)
            rest = self.stream.read()
        except OSError:
            self._fail("can't read Zip file")
        if rest.rfind(_END64_SIG) != 0:
            return False
        self.count = _le(rest, 24, 8)
        self.size = _le(rest, 40, 8)
        self.offset = _le(rest, 48, 8)
        self.end_at = at
        return True

    def _place(self):
        if self.end_at < self.size:
            self._fail('bad central directory size')
        if self.end_at < self.offset:
            self._fail('bad central directory offset')
        self.start = self.end_at - self.size
        # How much was prepended: where the directory is minus where it says it is.
        self.shift = self.start - self.offset
        if self.shift < 0:
            self._fail('bad central directory size or offset')


def _cp437(raw):
    # Names without the UTF-8 flag are IBM code page 437 (APPNOTE appendix D).
    if raw.isascii():
        return raw.decode('ascii')
    return raw.decode('cp437')


def _decode_name(raw, flags, archive):
    if not flags & _UTF8_NAME:
        return _cp437(raw)
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError as exc:
        if not _NAME_ERROR_WRAPPED:
            raise
        raise ZipImportError(f"can't decode file name in Zip file: {archive!r}",
                             path=archive) from exc


_NAME_ERROR_WRAPPED = _since('zip_name_decode_error')


def _zip64_values(extra, sizes, archive):
    """Replace the 32-bit fields saturated at 0xFFFFFFFF by the zip64 extra field's values.

    *sizes* is [uncompressed, compressed, local offset]; the zip64 block holds 8-byte
    values for the saturated ones, in that order (APPNOTE 4.5.3).  As in CPython, the
    blocks must be well formed up to the zip64 one, which must be the last; too few
    values in it is an IndexError.
    """
    pos = 0
    while pos < len(extra):
        if pos + 4 > len(extra):
            _bad_extra(archive)
        tag, length = _le(extra, pos, 2), _le(extra, pos + 2, 2)
        body = extra[pos + 4:pos + 4 + length]
        pos += 4 + length
        if len(body) != length:
            _bad_extra(archive)
        if tag != _ZIP64_EXTRA:
            continue
        if length % 8 or pos != len(extra):
            _bad_extra(archive)
        values = [_le(body, at, 8) for at in range(0, length, 8)]
        return [values.pop(0) if value == _FULL32 else value for value in sizes]
    return sizes


def _bad_extra(archive):
    raise ZipImportError(f"can't read header extra: {archive!r}", path=archive)


def _read_entry(stream, directory):
    """One central directory entry: (name, member tuple), or None at the directory's end."""
    archive = directory.archive
    head = stream.read(_CENTRAL_SIZE)
    if len(head) < 4:
        raise ZipImportError(f'EOF read where not expected: {archive!r}', path=archive)
    if head[:4] != _CENTRAL_SIG:
        return None
    if len(head) != _CENTRAL_SIZE:
        raise ZipImportError(f'EOF read where not expected: {archive!r}', path=archive)
    flags, method = _le(head, 8, 2), _le(head, 10, 2)
    dos_time, dos_date = _le(head, 12, 2), _le(head, 14, 2)
    name_len, extra_len, comment_len = _le(head, 28, 2), _le(head, 30, 2), _le(head, 32, 2)
    sizes = [_le(head, 24, 4), _le(head, 20, 4), _le(head, 42, 4)]
    raw_name = _read_exactly(stream, name_len, archive)
    # CPython looks for the zip64 block in the extra field and the comment together.
    trailer = _read_exactly(stream, extra_len + comment_len, archive)
    if _FULL32 in sizes:
        sizes = _zip64_values(trailer, sizes, archive)
    size, compressed, local = sizes
    if local > directory.offset:
        raise ZipImportError(f'bad local header offset: {archive!r}', path=archive)
    name = _decode_name(raw_name, flags, archive).replace('/', path_sep)
    member = (method, compressed, size, local + directory.shift, dos_time, dos_date)
    return name, member


def _read_directory(archive):
    """{name inside the archive (os.sep separated): member} for every entry.

    A member is (method, compressed size, size, local header offset, DOS time, DOS
    date); a directory that only appears inside other names maps to None.
    """
    stream = _open(archive)
    with stream:
        directory = _Directory(stream, archive)
        try:
            stream.seek(directory.start)
        except OSError:
            raise ZipImportError(f"can't read Zip file: {archive!r}", path=archive)
        members = {}
        read = 0
        while True:
            entry = _read_entry(stream, directory)
            if entry is None:
                break
            members[entry[0]] = entry[1]
            read += 1
    if read != directory.count:
        raise ZipImportError(f'mismatched num_entries: {read} should be {directory.count} '
                             f'in {archive!r}', path=archive)
    if _since('zip_implied_directories'):
        _add_implied_directories(members)
    _bootstrap._verbose_message('zipimport: found {} names in {!r}', len(members), archive)
    return members


def _add_implied_directories(members):
    # 'a/b/c.py' alone makes 'a/' and 'a/b/' directories too (namespace portions).
    for name in list(members):
        cut = name.rfind(path_sep, 0, len(name) - 1)
        while cut > 0:
            parent = name[:cut + 1]
            if parent in members:
                break
            members[parent] = None
            cut = name.rfind(path_sep, 0, cut)


def _member_bytes(archive, member):
    """The stored bytes of a member, inflated when it is compressed."""
    method, compressed, size, offset = member[:4]
    stream = _open(archive)
    with stream:
        try:
            stream.seek(offset)
        except OSError:
            raise OSError("zipimport: can't read data")
        local = stream.read(_LOCAL_SIZE)
        if len(local) != _LOCAL_SIZE:
            raise ZipImportError(f'EOF read where not expected: {archive!r}', path=archive)
        if local[:4] != _LOCAL_SIG:
            raise ZipImportError(f'bad local file header: {archive!r}', path=archive)
        # The local header's own name and extra lengths decide where the data starts.
        skip = _le(local, 26, 2) + _le(local, 28, 2)
        try:
            stream.seek(offset + _LOCAL_SIZE + skip)
        except OSError:
            raise OSError("zipimport: can't read data")
        raw = stream.read(compressed)
        if len(raw) != compressed:
            raise OSError("zipimport: can't read data")
    if method == 0:
        return raw
    if method == _DEFLATED or not _MORE_METHODS:
        return _inflate(raw)
    if method == _ZSTANDARD:
        try:
            return _zstd_decompress(raw)
        except Exception:
            raise ZipImportError('could not decompress zstd data')
    raise ZipImportError(f'zipimport: unsupported compression {method}')


# Compression methods (APPNOTE 4.4.5).  Before 3.15 every method but 0 is inflated.
_DEFLATED = 8
_ZSTANDARD = 93
_MORE_METHODS = _since('zip_more_compression')


# zlib is imported the first time a member needs inflating.  Importing it may itself
# read a zip member (a zlib.py inside a deflated archive on sys.path): that nested
# attempt fails instead of recursing.  The names of the cached objects are the ones
# 3.15's tests reset (see versions.py, zip_more_compression).
_zlib_decompress = None  # (zlib.decompressobj, zlib.error) once imported
_zlib_loading = False


def _inflate(raw):
    inflater, error = _zlib_decompress or _load_inflater()
    engine = inflater(-15)
    data = engine.decompress(raw)
    if not engine.eof:
        # What zlib.decompress() says of a stream that stops early.
        raise error('Error -5 while decompressing data: incomplete or truncated stream')
    return data


def _load_inflater():
    global _zlib_decompress, _zlib_loading
    found = None
    if not _zlib_loading:
        _zlib_loading = True
        try:
            import zlib
            found = zlib.decompressobj, zlib.error
        except Exception:
            pass  # no zlib, or a stand-in without decompressobj
        finally:
            _zlib_loading = False
    if found is None:
        _bootstrap._verbose_message('zipimport: zlib UNAVAILABLE')
        raise ZipImportError("can't decompress data; zlib not available")
    _zlib_decompress = found
    return found


# _zstd likewise, on 3.15: its decompressor class and frame measure, once imported.
_zstd_decompressor_class = None
_zstd_frame_size = None
_zstd_loading = False


def _zstd_decompress(data):
    """The content of the Zstandard frames *data* holds, one after the other (RFC 8878).

    Each frame is given to a decompressor of its own, and only that frame's bytes.
    """
    decompressor_class = _get_zstd_decompressor_class()
    rest = memoryview(data)
    if not rest:
        raise ZipImportError('zipimport: zstd data is empty')
    out = []
    while rest:
        try:
            end = _zstd_frame_size(rest)
        except Exception:
            raise ZipImportError('zipimport: zstd data ends inside a frame') from None
        engine = decompressor_class()
        out.append(engine.decompress(rest[:end]))
        if not engine.eof:
            raise ZipImportError('zipimport: zstd data ends inside a frame')
        rest = rest[end:]
    return b''.join(out)


def _get_zstd_decompressor_class():
    """_zstd's decompressor class (ZipImportError if _zstd cannot be imported)."""
    global _zstd_decompressor_class, _zstd_frame_size, _zstd_loading
    if _zstd_decompressor_class is not None and _zstd_frame_size is not None:
        return _zstd_decompressor_class
    found = None
    if not _zstd_loading:
        _zstd_loading = True
        try:
            import _zstd
            found = _zstd.ZstdDecompressor, _zstd.get_frame_size
        except Exception:
            pass
        finally:
            _zstd_loading = False
    if found is None:
        _bootstrap._verbose_message('zipimport: zstd UNAVAILABLE')
        raise ZipImportError("can't decompress data; zstd not available")
    _zstd_decompressor_class, _zstd_frame_size = found
    _bootstrap._verbose_message('zipimport: zstd available')
    return _zstd_decompressor_class
