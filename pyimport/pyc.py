"""Path half, part 3: reading, validating and writing .pyc files (timestamp and PEP 552 hash-based)."""

# Header layout (16 bytes, little-endian words):
#   0  magic            MAGIC_NUMBER
#   4  flags            bit 0: hash-based; bit 1: check the source (hash only)
#   8  mtime | hash     timestamp pyc: source mtime; hash pyc: 8-byte hash
#  12  size             timestamp pyc: source size (both mod 2**32)
# followed by the marshalled module code object.
import _imp
import marshal

_PYC_HEADER_SIZE = 16
_FLAG_HASH_BASED = 0b01
_FLAG_CHECK_SOURCE = 0b10
_KNOWN_FLAGS = _FLAG_HASH_BASED | _FLAG_CHECK_SOURCE


def _classify_pyc(data, name, exc_details):
    """Sanity-check a pyc header and return its flags word.

    ImportError (built with exc_details) for a wrong magic number or
    unknown flag bits; EOFError when the 16-byte header is cut short.
    """
    magic = data[:4]
    if magic != MAGIC_NUMBER:
        why = f'bad magic number in {name!r}: {magic!r}'
        _bootstrap._verbose_message('{}', why)
        raise ImportError(why, **exc_details)
    if len(data) < _PYC_HEADER_SIZE:
        why = f'reached EOF while reading pyc header of {name!r}'
        _bootstrap._verbose_message('{}', why)
        raise EOFError(why)
    flags = _unpack_uint32(data[4:8])
    if flags & ~_KNOWN_FLAGS:
        raise ImportError(f'invalid flags {flags!r} in {name!r}', **exc_details)
    return flags


def _validate_timestamp_pyc(data, source_mtime, source_size, name,
                            exc_details):
    """ImportError unless the header's mtime (and size, when given)
    match the source's, both taken modulo 2**32."""
    stale = f'bytecode is stale for {name!r}'
    if _unpack_uint32(data[8:12]) != source_mtime & 0xFFFFFFFF:
        _bootstrap._verbose_message('{}', stale)
        raise ImportError(stale, **exc_details)
    if source_size is None:
        return
    if _unpack_uint32(data[12:16]) != source_size & 0xFFFFFFFF:
        raise ImportError(stale, **exc_details)


def _validate_hash_pyc(data, source_hash, name, exc_details):
    """ImportError unless the header's 8-byte hash equals source_hash."""
    if data[8:16] == source_hash:
        return
    raise ImportError(f"hash in bytecode doesn't match hash of source {name!r}",
                      **exc_details)


def _compile_bytecode(data, name=None, bytecode_path=None, source_path=None):
    """Unmarshal the code object following a pyc header.

    marshal's own errors (EOFError, ValueError, TypeError) propagate; a
    non-code payload is an ImportError.
    """
    code = marshal.loads(data)
    if not isinstance(code, _code_type):
        raise ImportError(f'Non-code object in {bytecode_path!r}',
                          name=name, path=bytecode_path)
    _bootstrap._verbose_message('code object from {!r}', bytecode_path)
    if source_path is not None:
        # The pyc may have been compiled at another location.
        _imp._fix_co_filename(code, source_path)
    return code


# marshal marks an object shareable (FLAG_REF) only when its refcount
# exceeds 1, and 3.14 passes arguments as borrowed references where it can.
# So the bytes of a pyc depend on how many references the *caller* holds
# to the code object.  To stay byte-identical with CPython for every
# caller, the writers below hand their code parameter straight to
# marshal.dumps(), adding no reference of their own.

def _pyc_header(flags, word2, word3):
    """The 16-byte pyc header as a bytearray, ready to be extended."""
    header = bytearray(MAGIC_NUMBER)
    header += _pack_uint32(flags)
    header += word2
    header += word3
    return header


def _code_to_timestamp_pyc(code, mtime=0, source_size=0):
    """pyc contents validated against the source's mtime and size."""
    pyc = _pyc_header(0, _pack_uint32(mtime), _pack_uint32(source_size))
    pyc.extend(marshal.dumps(code))
    return pyc


def _code_to_hash_pyc(code, source_hash, checked=True):
    """pyc contents validated (if checked) against a source hash."""
    assert len(source_hash) == 8
    flags = _FLAG_HASH_BASED | (_FLAG_CHECK_SOURCE if checked else 0)
    pyc = _pyc_header(flags, source_hash[:4], source_hash[4:])
    pyc.extend(marshal.dumps(code))
    return pyc


def _hash_source(source_bytes):
    """The PEP 552 hash of a module's source, keyed by the magic token."""
    return _source_hash(_MAGIC_TOKEN, source_bytes)


def _hash_pyc_wants_check(flags):
    """Whether a hash-based pyc with these flags must be checked against
    its source, per the check_source bit and --check-hash-based-pycs."""
    policy = _imp.check_hash_based_pycs
    if policy == 'never':
        return False
    return policy == 'always' or bool(flags & _FLAG_CHECK_SOURCE)
