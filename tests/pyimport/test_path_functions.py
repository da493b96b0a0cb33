"""The path half's pure functions agree with CPython's _bootstrap_external on generated inputs."""

# Our files are executed into a private namespace (nothing is installed),
# paired with CPython's own core, and compared with the stock module that
# this very interpreter imports with.
import _frozen_importlib
import builtins
import importlib._bootstrap_external as stock
import pathlib
import sys
import warnings

import pytest
from hypothesis import given, settings, strategies as st

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _devinstall  # noqa: E402


@pytest.fixture(scope='module')
def ours():
    ns = {'__name__': 'pyimport_path_half', '__builtins__': builtins}
    for code in _devinstall.compile_path_half():
        exec(code, ns)
    ns['_set_bootstrap_module'](_frozen_importlib)
    return types_namespace(ns)


class types_namespace(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def outcome(func, *args, **kwargs):
    """(kind, value) where kind is 'ok' or the exception's type name."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            details = getattr(exc, 'name', None), getattr(exc, 'path', None)
            return type(exc).__name__, str(exc), details
    return 'ok', result, [str(w.message) for w in caught]


path_parts = st.text(alphabet='ab./_-:\\', max_size=12)
paths = st.lists(path_parts, min_size=1, max_size=4).map(''.join)
opt_values = st.one_of(st.none(), st.sampled_from(['', '1', '2', 'a b', '-1', 'x']),
                       st.integers(-3, 3))


@settings(max_examples=300)
@given(st.lists(path_parts, max_size=4))
def test_path_join(ours, parts):
    assert ours._path_join(*parts) == stock._path_join(*parts)


@settings(max_examples=300)
@given(paths)
def test_path_split_and_isabs(ours, path):
    assert ours._path_split(path) == stock._path_split(path)
    assert ours._path_isabs(path) == stock._path_isabs(path)


@settings(max_examples=400)
@given(paths, opt_values, st.sampled_from([None, True, False]),
       st.sampled_from([None, '/tmp/prefix', 'rel/prefix/', '/']))
def test_cache_from_source(ours, path, optimization, debug, prefix):
    old = sys.pycache_prefix
    sys.pycache_prefix = prefix
    try:
        args = (path,) if debug is None else (path, debug)
        assert outcome(ours.cache_from_source, *args, optimization=optimization) \
            == outcome(stock.cache_from_source, *args, optimization=optimization)
    finally:
        sys.pycache_prefix = old


@settings(max_examples=400)
@given(st.one_of(paths, paths.map(lambda p: p + '/__pycache__/m.cpython-314.pyc'),
                 paths.map(lambda p: '/tmp/prefix/' + p + '.cpython-314.opt-1.pyc')),
       st.sampled_from([None, '/tmp/prefix', '/tmp/prefix/']))
def test_source_from_cache(ours, path, prefix):
    old = sys.pycache_prefix
    sys.pycache_prefix = prefix
    try:
        assert outcome(ours.source_from_cache, path) \
            == outcome(stock.source_from_cache, path)
    finally:
        sys.pycache_prefix = old


def test_cache_tag_none_is_not_implemented(ours, monkeypatch):
    monkeypatch.setattr(sys.implementation, 'cache_tag', None)
    for func in ('cache_from_source', 'source_from_cache'):
        assert outcome(ours[func], 'a/__pycache__/b.x.pyc') \
            == outcome(getattr(stock, func), 'a/__pycache__/b.x.pyc')
        assert outcome(ours[func], 'a/b.py')[0] == 'NotImplementedError'
    assert ours._get_cached('a/b.py') is None


@settings(max_examples=200)
@given(st.sampled_from(['', 'x', 'x.py', 'x.pyc', 'x.PYC', 'a/__pycache__/x.cpython-314.pyc',
                        'x.pyw', 'x.so', '.pyc']))
def test_get_sourcefile_and_cached(ours, name):
    assert ours._get_sourcefile(name) == stock._get_sourcefile(name)
    assert outcome(ours._get_cached, name) == outcome(stock._get_cached, name)


pyc_headers = st.one_of(
    st.binary(max_size=24),
    st.tuples(st.sampled_from([stock.MAGIC_NUMBER, b'\0\0\r\n']),
              st.integers(0, 2**32 - 1), st.binary(min_size=0, max_size=12))
    .map(lambda t: t[0] + t[1].to_bytes(4, 'little') + t[2]))


@settings(max_examples=400)
@given(pyc_headers, st.integers(0, 2**40), st.one_of(st.none(), st.integers(0, 2**33)),
       st.binary(min_size=8, max_size=8))
def test_pyc_header_checks(ours, data, mtime, size, digest):
    details = {'name': 'm', 'path': '/x/m.pyc'}
    assert outcome(ours._classify_pyc, data, 'm', details) \
        == outcome(stock._classify_pyc, data, 'm', details)
    if len(data) >= 16:
        assert outcome(ours._validate_timestamp_pyc, data, mtime, size, 'm', details) \
            == outcome(stock._validate_timestamp_pyc, data, mtime, size, 'm', details)
        assert outcome(ours._validate_hash_pyc, data, digest, 'm', details) \
            == outcome(stock._validate_hash_pyc, data, digest, 'm', details)


@settings(max_examples=200)
@given(st.integers(0, 2**40), st.integers(0, 2**40), st.binary(min_size=8, max_size=8),
       st.booleans())
def test_pyc_writers_are_byte_identical(ours, mtime, size, digest, checked):
    code = compile('x = (1, "a", 2.5)\ndef f(): return x\n', 'mod.py', 'exec')
    assert ours._code_to_timestamp_pyc(code, mtime, size) \
        == stock._code_to_timestamp_pyc(code, mtime, size)
    assert ours._code_to_hash_pyc(code, digest, checked) \
        == stock._code_to_hash_pyc(code, digest, checked)


@settings(max_examples=300)
@given(st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b'# coding: latin-1\n\xe9\r\n', b'\xef\xbb\xbfx = 1\r\ny = 2\r',
                     b'# -*- coding: bogus -*-\n', b'\xef\xbb\xbf# coding: latin-1\n'])))
def test_decode_source(ours, data):
    assert outcome(ours.decode_source, data)[:2] == outcome(stock.decode_source, data)[:2]


def describe_spec(spec):
    if spec is None:
        return None
    return (spec.name, type(spec.loader).__name__, spec.origin,
            spec.submodule_search_locations, spec.cached, spec.has_location,
            spec.parent)


@pytest.mark.parametrize('location', ['/a/b/m.py', '/a/b/__init__.py', '/a/m.pyc',
                                      '/a/m.txt', 'rel/m.py', '/a/__init__.pyc', None])
@pytest.mark.parametrize('smsl', ['populate', None, [], ['/x']])
def test_spec_from_file_location(ours, location, smsl):
    kwargs = {} if smsl == 'populate' else {'submodule_search_locations': smsl}
    mine = ours.spec_from_file_location('pkg.m', location, **kwargs)
    theirs = stock.spec_from_file_location('pkg.m', location, **kwargs)
    assert describe_spec(mine) == describe_spec(theirs)


class _Spec:
    def __init__(self, loader):
        self.loader = loader


@pytest.mark.parametrize('module_globals', [
    None, {}, {'__name__': '__main__', '__spec__': None, '__loader__': 'L'},
    {'__loader__': None, '__spec__': None}, {'__loader__': 'L'},
    {'__loader__': 'L', '__spec__': None}, {'__spec__': _Spec('S')},
    {'__spec__': _Spec(None)}, {'__spec__': object()},
    {'__loader__': 'L', '__spec__': _Spec('S')}, {'__loader__': 'S', '__spec__': _Spec('S')},
    {'__loader__': 'L', '__spec__': _Spec(None)}, {'__loader__': 'L', '__spec__': object()},
])
def test_bless_my_loader(ours, module_globals):
    assert outcome(ours._bless_my_loader, module_globals) \
        == outcome(stock._bless_my_loader, module_globals)


def test_module_level_names_cover_cpython(ours):
    missing = {name for name in dir(stock)
               if name not in ours and not name.startswith('__')}
    assert missing <= {'winreg'}, missing


def test_suffix_tables(ours):
    assert ours.SOURCE_SUFFIXES == stock.SOURCE_SUFFIXES
    assert ours.BYTECODE_SUFFIXES == stock.BYTECODE_SUFFIXES
    assert ours.OPTIMIZED_BYTECODE_SUFFIXES is ours.BYTECODE_SUFFIXES
    assert ours.EXTENSION_SUFFIXES == stock.EXTENSION_SUFFIXES
    assert ours.MAGIC_NUMBER == stock.MAGIC_NUMBER
    assert ours._RAW_MAGIC_NUMBER.to_bytes(4, 'little') == stock.MAGIC_NUMBER
    assert [(c.__name__, s) for c, s in ours._get_supported_file_loaders()] == \
        [(c.__name__, s) for c, s in stock._get_supported_file_loaders()]
