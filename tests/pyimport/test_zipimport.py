"""pyimport's zipimporter reads archives (prepended data, comments, zip64, deflate) and keeps its cache as CPython does."""

# Each test runs in a fresh interpreter with pyimport installed (see child()), and first
# checks that the zip path hook there is pyimport's.
import json
import os
import random
import subprocess
import sys
import textwrap

from tests.pyimport import _zip_cases

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

OURS = '''
import sys, json, importlib
sys.path.insert(0, {root!r})
import pyimport
pyimport.install()
import zipimport
assert zipimport.zipimporter.find_spec.__code__.co_filename.endswith('pyimport/zipimport.py')
assert sys.path_hooks[0] is zipimport.zipimporter
'''


def child(code, cwd):
    done = subprocess.run([sys.executable, '-c', OURS.format(root=ROOT) + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


FILES = {'zmod.py': b'value = "plain"\n', 'zpkg/__init__.py': b'value = "package"\n',
         'zpkg/data.txt': b'resource bytes', 'blob.bin': bytes(range(256)) * 3}
IMPORT_ALL = '''
sys.path.insert(0, 'a.zip')
import zmod, zpkg
zi = zipimport.zipimporter('a.zip')
print(json.dumps([zmod.value, zpkg.value, zmod.__file__, zi.get_data('blob.bin').hex()]))
'''
EXPECTED = ['plain', 'package', 'a.zip/zmod.py', FILES['blob.bin'].hex()]


def _write(tmp_path, data, name='a.zip'):
    (tmp_path / name).write_bytes(data)


def test_data_prepended_to_the_archive_moves_every_offset(tmp_path):
    archive = _zip_cases.build(FILES, deflate=False)
    _write(tmp_path, b'#!/usr/bin/env python3\n' + b'junk' * 100 + archive)
    assert child(IMPORT_ALL, tmp_path) == EXPECTED


def test_archive_comments_up_to_the_longest(tmp_path):
    for comment in (b'a comment', b'c' * 0xFFFF):
        _write(tmp_path, _zip_cases.build(FILES, deflate=False, comment=comment))
        assert child(IMPORT_ALL, tmp_path) == EXPECTED


def test_deflated_members(tmp_path):
    _write(tmp_path, _zip_cases.build(FILES, deflate=True))
    assert child(IMPORT_ALL, tmp_path) == EXPECTED


def test_zip64_end_records_and_zip64_extra_fields(tmp_path):
    for prepend in (b'', b'#!python\n'):
        for data in (_zip_cases.build(FILES, deflate=False, zip64=True),
                     _zip_cases.build_zip64_entries(FILES, deflate=True, rng=random.Random(3),
                                                     odd=False),
                     _zip_cases.with_zip64_end(_zip_cases.build_zip64_entries(
                         FILES, deflate=False, rng=random.Random(4), odd=False))):
            _write(tmp_path, prepend + data)
            assert child(IMPORT_ALL, tmp_path) == EXPECTED


def test_directory_cache_is_kept_until_invalidated(tmp_path):
    _write(tmp_path, _zip_cases.build(FILES, deflate=False))
    _write(tmp_path, _zip_cases.build({**FILES, 'znew.py': b'value = 1\n'}, deflate=False),
           'b.zip')
    out = child('''
        import os
        zi = zipimport.zipimporter('a.zip')
        seen = [sorted(zi._get_files())]
        os.replace('b.zip', 'a.zip')
        seen.append(sorted(zipimport.zipimporter('a.zip')._get_files()))
        zi.invalidate_caches()
        seen.append(sorted(zi._get_files()))
        os.remove('a.zip')
        zi.invalidate_caches()
        seen += [zi._get_files(), 'a.zip' in zipimport._zip_directory_cache,
                 zi.find_spec('zmod')]
        print(json.dumps(seen))
    ''', tmp_path)
    names = sorted([*FILES, 'zpkg/'])
    assert out == [names, names, sorted([*names, 'znew.py']), {}, False, None]


def test_folders_without_init_are_namespace_portions(tmp_path):
    _write(tmp_path, _zip_cases.build({'zns/one.py': b'value = 1\n'}, deflate=False))
    _write(tmp_path, _zip_cases.build({'zns/two.py': b'value = 2\n'}, deflate=True), 'b.zip')
    out = child('''
        spec = zipimport.zipimporter('a.zip').find_spec('zns')
        sys.path[:0] = ['a.zip', 'b.zip']
        import zns.one, zns.two
        print(json.dumps([spec.loader, spec.submodule_search_locations, list(zns.__path__),
                          zns.one.value + zns.two.value]))
    ''', tmp_path)
    assert out == [None, ['a.zip/zns'], ['a.zip/zns', 'b.zip/zns'], 3]


def test_resource_reader_reads_package_files(tmp_path):
    _write(tmp_path, _zip_cases.build(FILES, deflate=True))
    out = child('''
        import importlib.resources
        sys.path.insert(0, 'a.zip')
        import zpkg
        reader = zpkg.__spec__.loader.get_resource_reader('zpkg')
        print(json.dumps([type(reader).__name__,
                          importlib.resources.files('zpkg').joinpath('data.txt').read_text()]))
    ''', tmp_path)
    assert out == ['ZipReader', 'resource bytes']


def test_children_booted_by_the_pth_line_get_it_and_uninstall_gives_cpythons_back(tmp_path):
    out = child('''
        ours = zipimport.zipimporter
        pyimport.uninstall()
        back = [sys.modules['zipimport'].zipimporter is not ours,
                sys.path_hooks[0] is sys.modules['zipimport'].zipimporter,
                sys.path_hooks[0].__init__.__code__.co_filename]
        exec(pyimport.pth_line())
        hook = sys.modules['zipimport'].zipimporter
        print(json.dumps(back + [sys.path_hooks[0] is hook,
                                 hook.__init__.__code__.co_filename.endswith('zipimport.py')]))
    ''', tmp_path)
    assert out == [True, True, '<frozen zipimport>', True, True]


def test_a_booting_child_runs_the_reader_only_when_it_meets_an_archive(tmp_path):
    _write(tmp_path, _zip_cases.build(FILES, deflate=True))
    out = child('''
        pyimport.uninstall()
        exec(pyimport.pth_line())
        module = sys.modules['zipimport']
        seen = ['zipimporter' in vars(module), sys.path_hooks[0].__name__]
        import email.message  # from the stdlib's folders: turned away without the reader
        try:
            sys.path_hooks[0](sys._stdlib_dir)
        except ImportError as exc:
            seen += [type(exc) is module.ZipImportError, str(exc), exc.path == sys._stdlib_dir]
        seen.append('zipimporter' in vars(module))
        sys.path.insert(0, 'a.zip')
        import zmod
        seen += [zmod.value, 'zipimporter' in vars(module), sys.path_hooks[0] is module.zipimporter]
        print(json.dumps(seen))
    ''', tmp_path)
    assert out == [False, '_path_hook', True, 'not a Zip file', True, False, 'plain', True, True]


def test_threads_meeting_an_archive_at_once_all_wait_for_the_reader(tmp_path):
    # Imports find specs under the global import lock; calling the path hook directly
    # (as pkgutil.get_importer does) is what can race.
    _write(tmp_path, _zip_cases.build(FILES, deflate=True))
    out = child("""
        import threading
        pyimport.uninstall()
        exec(pyimport.pth_line())
        import time, types, marshal
        # Unpacking the reader takes long enough here for every thread to arrive meanwhile.
        slow = types.SimpleNamespace(loads=lambda data: (time.sleep(0.3), marshal.loads(data))[1])
        vars(sys.modules['zipimport'])['marshal'] = slow
        hook, results, start = sys.path_hooks[0], {}, threading.Barrier(8)
        def work(n):
            start.wait()
            try:
                results[n] = type(hook('a.zip')).__name__
            except Exception as exc:
                results[n] = repr(exc)
        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(json.dumps([results[n] for n in range(8)]))
    """, tmp_path)
    assert out == ['zipimporter'] * 8
