"""Stock CPython and pyimport's path half, fed the same source and pyc bytes, must end the same way."""

# Two long-lived worker subprocesses (see _pyc_worker.py): one with CPython's
# own import system, one with pyimport's path half installed.  Every case
# is sent to both; outcome, exception type and message, module value and
# the pyc left on disk afterwards (byte for byte) must match.
import _imp
import importlib._bootstrap_external as stock_external
import itertools
import json
import marshal
import os
import pathlib
import subprocess
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

HERE = pathlib.Path(__file__).resolve().parent
WORKER = HERE / '_pyc_worker.py'
MAGIC = stock_external.MAGIC_NUMBER
_names = itertools.count()
_scratch = []


def _scratch_root():
    if not _scratch:
        _scratch.append(tempfile.mkdtemp(prefix='pycparity'))
    return _scratch[0]


class Worker:
    def __init__(self, *args):
        self.args = args
        self.start()

    def start(self):
        env = dict(os.environ)
        env.pop('PYTHONDONTWRITEBYTECODE', None)
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), *self.args], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env=env, cwd=str(HERE))
        self.hello = json.loads(self.proc.stdout.readline())

    def ask(self, request):
        try:
            self.proc.stdin.write(json.dumps(request) + '\n')
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except BrokenPipeError:
            line = ''
        if line:
            return json.loads(line)
        # The interpreter died (e.g. a crash): that is an outcome too.
        code = self.proc.wait(timeout=30)
        self.start()
        return {'outcome': 'died', 'returncode': code}

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope='module')
def workers():
    stock, ours = Worker(), Worker('--pyimport')
    assert stock.hello == {'ready': True, 'pyimport': False}
    assert ours.hello == {'ready': True, 'pyimport': True}
    yield stock, ours
    stock.close()
    ours.close()


def compare(workers, **request):
    request.setdefault('layout', 'cached')
    number = next(_names)
    request['name'] = f'pycparity_{number}'
    request['dir'] = os.path.join(_scratch_root(), f'case{number}')
    for key in ('source', 'pyc'):
        if isinstance(request.get(key), (bytes, bytearray)):
            request[key] = bytes(request[key]).hex()
    stock, ours = workers
    expected, actual = stock.ask(request), ours.ask(request)
    assert actual == expected, request
    return expected


def timestamp_pyc(source, mtime):
    code = compile(source, '<old>', 'exec', dont_inherit=True)
    return bytes(stock_external._code_to_timestamp_pyc(code, mtime, len(source)))


def hash_pyc(source, checked, hashed_source=None):
    code = compile(source, '<old>', 'exec', dont_inherit=True)
    digest = _imp.source_hash(_imp.pyc_magic_number_token,
                              source if hashed_source is None else hashed_source)
    return bytes(stock_external._code_to_hash_pyc(code, digest, checked))


OLD = b"value = 'from pyc'\n"
NEW = b"value = 'from source'\n"
MTIME = 1_600_000_000


# -- deterministic cases -----------------------------------------------------

def test_workers_differ_only_in_path_half(workers):
    stock, ours = workers
    assert stock.hello['pyimport'] is False and ours.hello['pyimport'] is True


def test_fresh_compile_writes_identical_pyc(workers):
    reply = compare(workers, source=NEW, pyc=None, mtime=MTIME)
    assert reply['outcome'] == 'ok' and reply['value'] == "'from source'"
    assert bytes.fromhex(reply['pyc_after'])[:4] == MAGIC


def test_valid_timestamp_pyc_is_used(workers):
    # The header matches NEW's mtime and size, the code is OLD's: the
    # stale value proves the pyc was trusted.
    data = bytearray(timestamp_pyc(OLD, MTIME))
    data[12:16] = len(NEW).to_bytes(4, 'little')
    reply = compare(workers, source=NEW, pyc=bytes(data), mtime=MTIME)
    assert reply['value'] == "'from pyc'"


@pytest.mark.parametrize('header', [
    b'', b'\x00', MAGIC[:3], MAGIC, MAGIC + b'\0' * 11, b'JUNK' + b'\0' * 12,
    MAGIC + (4).to_bytes(4, 'little') + b'\0' * 8,
    MAGIC + (0xFFFFFFFF).to_bytes(4, 'little') + b'\0' * 8,
])
def test_bad_headers_fall_back_to_source(workers, header):
    reply = compare(workers, source=NEW, pyc=header, mtime=MTIME)
    assert reply['value'] == "'from source'"


@pytest.mark.parametrize('header', [b'', MAGIC[:2], MAGIC + b'\0' * 4,
                                    b'JUNKJUNKJUNKJUNK'])
def test_bad_sourceless_headers_raise_like_cpython(workers, header):
    reply = compare(workers, layout='sourceless', pyc=header + b'\xe3')
    assert reply['outcome'] == 'error'


@pytest.mark.parametrize('policy', ['default', 'always', 'never'])
@pytest.mark.parametrize('checked', [True, False])
def test_hash_based_pyc_policies(workers, policy, checked):
    # The pyc hashes NEW but holds OLD's code: used means not validated or
    # validated successfully; a wrong hash forces recompilation.
    good = hash_pyc(OLD, checked, hashed_source=NEW)
    compare(workers, source=NEW, pyc=good, mtime=MTIME, policy=policy)
    stale = hash_pyc(OLD, checked)
    reply = compare(workers, source=NEW, pyc=stale, mtime=MTIME, policy=policy)
    # A stale checked pyc is rewritten hash-based: our SipHash must agree.
    if checked and policy != 'never':
        assert reply['value'] == "'from source'"
        assert bytes.fromhex(reply['pyc_after'])[4:8] == b'\x03\0\0\0'


def test_garbled_marshal_payload_raises_like_cpython(workers):
    header = timestamp_pyc(NEW, MTIME)[:16]
    for payload in (b'', b'\xe3', b'\x00\x01\x02', marshal.dumps(42)):
        reply = compare(workers, source=NEW, pyc=header + payload, mtime=MTIME)
        assert reply['outcome'] == 'error'


def test_stdlib_sized_sources_compile_to_identical_pycs(workers):
    import json as json_pkg
    import os.path as ospath
    for module in (json_pkg.decoder, ospath, pytest):
        source = pathlib.Path(module.__file__).read_bytes()
        reply = compare(workers, source=source, pyc=None, mtime=MTIME)
        assert reply['pyc_after'] is not None


# -- generated cases ---------------------------------------------------------

constants = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20) | st.binary(max_size=20),
    lambda inner: st.tuples(inner, inner) | st.frozensets(st.integers(), max_size=4),
    max_leaves=8)


@st.composite
def module_sources(draw):
    value = draw(constants)
    extra = draw(st.sampled_from([
        '', 'def f(x):\n    return x + 1\n', 'class C:\n    a = 1\n',
        '# coding: latin-1\n', '\r\nother = 2\r\n', 'import sys\n']))
    return (extra + f'value = {value!r}\n').encode('utf-8')


@st.composite
def garbled_pycs(draw, source):
    """A pyc for (an older version of) source, then damaged."""
    old = draw(st.sampled_from([source, OLD]))
    kind = draw(st.sampled_from(['timestamp', 'checked', 'unchecked']))
    if kind == 'timestamp':
        mtime = draw(st.sampled_from([MTIME, MTIME + 1]))
        data = bytearray(timestamp_pyc(old, mtime))
        data[12:16] = len(source).to_bytes(4, 'little')
    else:
        data = bytearray(hash_pyc(old, kind == 'checked'))
    damage = draw(st.sampled_from(['none', 'truncate', 'flags', 'byte',
                                   'random', 'magic']))
    if damage == 'truncate':
        del data[draw(st.integers(0, len(data))):]
    elif damage == 'flags':
        data[4:8] = draw(st.integers(0, 2**32 - 1)).to_bytes(4, 'little')
    elif damage == 'byte':
        # Header bytes only: damaged bytecode that still unmarshals may
        # crash any interpreter when run, which tells nothing.
        data[draw(st.integers(0, 15))] = draw(st.integers(0, 255))
    elif damage == 'random':
        data = bytearray(draw(st.binary(max_size=64)))
    elif damage == 'magic':
        data[:4] = draw(st.binary(min_size=4, max_size=4))
    return bytes(data)


@st.composite
def cases(draw):
    source = draw(module_sources())
    return {'source': source, 'pyc': draw(garbled_pycs(source)),
            'mtime': MTIME,
            'policy': draw(st.sampled_from(['default', 'always', 'never'])),
            'layout': draw(st.sampled_from(['cached', 'cached', 'sourceless']))}


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases())
def test_generated_pycs_end_the_same_way(workers, case):
    compare(workers, **case)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(module_sources(), st.integers(0, 2**32 - 1))
def test_generated_sources_compile_to_identical_pycs(workers, source, mtime):
    reply = compare(workers, source=source, pyc=None, mtime=mtime)
    assert reply['outcome'] == 'ok'
    assert reply['pyc_after'] is not None
