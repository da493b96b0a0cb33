"""Path half, part 2: SipHash-1-3, the keyed hash stamped into hash-based pycs (PEP 552)."""

# CPython hashes pyc sources with SipHash-1-3 keyed by (k0=key, k1=0) and
# stores the 64-bit result little-endian; _source_hash reproduces that bit
# for bit without calling into _imp.  Importable on its own as well as
# exec'd into the path half's namespace, hence only builtin imports.
import sys

_SIP_MASK = 0xFFFFFFFFFFFFFFFF
# "somepseudorandomlygeneratedbytes", the SipHash initialisation constants.
_SIP_INIT = (0x736F6D6570736575, 0x646F72616E646F6D,
             0x6C7967656E657261, 0x7465646279746573)


def _sip_rotl(value, shift):
    return ((value << shift) | (value >> (64 - shift))) & _SIP_MASK


def _sip_round(v0, v1, v2, v3):
    """One SipRound (ARX network) over the four state words."""
    m = _SIP_MASK
    v0 = (v0 + v1) & m
    v2 = (v2 + v3) & m
    v1 = _sip_rotl(v1, 13) ^ v0
    v3 = _sip_rotl(v3, 16) ^ v2
    v0 = _sip_rotl(v0, 32)
    v2 = (v2 + v1) & m
    v0 = (v0 + v3) & m
    v1 = _sip_rotl(v1, 17) ^ v2
    v3 = _sip_rotl(v3, 21) ^ v0
    v2 = _sip_rotl(v2, 32)
    return v0, v1, v2, v3


def _sip_words(data):
    """The message as 64-bit little-endian words, final padded word last."""
    size = len(data)
    whole = size - size % 8
    if whole and sys.byteorder == 'little':
        words = list(data[:whole].cast('B').cast('Q'))
    else:
        words = [int.from_bytes(data[i:i + 8], 'little')
                 for i in range(0, whole, 8)]
    # The last word carries the leftover bytes and the length's low byte.
    tail = int.from_bytes(data[whole:], 'little')
    words.append(tail | ((size & 0xFF) << 56))
    return words


def _siphash13(k0, k1, data):
    """SipHash-1-3 of a bytes-like object under the 128-bit key (k0, k1)."""
    k0 &= _SIP_MASK
    k1 &= _SIP_MASK
    v0 = _SIP_INIT[0] ^ k0
    v1 = _SIP_INIT[1] ^ k1
    v2 = _SIP_INIT[2] ^ k0
    v3 = _SIP_INIT[3] ^ k1
    for word in _sip_words(memoryview(data).cast('B')):
        v3 ^= word
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
        v0 ^= word
    v2 ^= 0xFF
    for _ in range(3):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def _source_hash(key, source):
    """The 8-byte hash CPython's _imp.source_hash(key, source) returns."""
    return _siphash13(key, 0, source).to_bytes(8, 'little')
