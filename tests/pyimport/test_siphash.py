"""pyimport.siphash must agree bit for bit with CPython's _imp.source_hash()."""

import _imp
import pathlib
import sys

from hypothesis import given, settings, strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))
from pyimport import siphash  # noqa: E402

TOKEN = _imp.pyc_magic_number_token
# _imp.source_hash takes a C long; negative keys act as two's complement.
INT64 = st.integers(min_value=-2**63, max_value=2**63 - 1)


def test_reference_vector():
    # SipHash-1-3 of the empty message under key (0, 0), as produced by the
    # reference implementation (and by _imp.source_hash(0, b'')).
    assert siphash._siphash13(0, 0, b'') == int.from_bytes(
        _imp.source_hash(0, b''), 'little')
    assert siphash._source_hash(0, b'') != siphash._source_hash(1, b'')


def test_every_tail_length():
    # Lengths 0..31 cover each of the 8 possible leftover-byte counts
    # several times, with and without whole blocks before them.
    data = bytes(range(256)) * 2
    for size in range(32):
        assert siphash._source_hash(TOKEN, data[:size]) == \
            _imp.source_hash(TOKEN, data[:size])


def test_length_byte_wraps_at_256():
    data = b'\xa5' * 300
    for size in (255, 256, 257, 263, 264):
        assert siphash._source_hash(TOKEN, data[:size]) == \
            _imp.source_hash(TOKEN, data[:size])


def test_accepts_bytes_like_objects():
    payload = b'x = 1\n' * 7
    expected = _imp.source_hash(TOKEN, payload)
    assert siphash._source_hash(TOKEN, bytearray(payload)) == expected
    assert siphash._source_hash(TOKEN, memoryview(payload)) == expected
    assert siphash._source_hash(TOKEN, memoryview(b'??' + payload)[2:]) == expected


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=2048))
def test_matches_imp_source_hash_with_pyc_key(data):
    assert siphash._source_hash(TOKEN, data) == _imp.source_hash(TOKEN, data)


@settings(max_examples=300, deadline=None)
@given(INT64, st.binary(max_size=200))
def test_matches_imp_source_hash_for_any_key(key, data):
    assert siphash._source_hash(key, data) == _imp.source_hash(key, data)
