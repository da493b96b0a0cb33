"""Core half, part 1: the global import lock and per-module locks with deadlock detection."""

# The core half's files are not modules: swap.py execs them in order into one
# namespace (that of _frozen_importlib), so names defined in one are globals of all.
# _setup() (facade.py) injects sys, _imp, _thread, _warnings and _weakref before any of
# this code runs; module-level statements here must not use them.

_thread = None
_warnings = None
_weakref = None


class _DeadlockError(RuntimeError):
    pass


class _List(list):
    """A list that can be the target of a weak reference."""
    __slots__ = ('__weakref__',)


class _WeakValueDictionary:
    """A minimal mapping whose values are held weakly; an entry goes when its value dies."""

    def __init__(self):
        self.data = {}

    def clear(self):
        self.data = {}

    def get(self, key, default=None):
        ref = self.data.get(key)
        value = None if ref is None else ref()
        return default if value is None else value

    def setdefault(self, key, default=None):
        # Every module lock's acquire() comes here: get() is written out, not called.
        ref = self.data.get(key)
        value = None if ref is None else ref()
        if value is not None:
            return value
        owner_ref = _weakref.ref(self)

        def drop(dead_ref):
            owner = owner_ref()
            if owner is not None:
                # Removes the entry only if it still holds a dead reference, so a value
                # stored again under the same key in the meantime survives.
                _weakref._remove_dead_weakref(owner.data, key)
        self.data[key] = _weakref.ref(default, drop)
        return default


# thread id -> _List of the module locks that thread is waiting for.  A thread can be
# waiting for several at once while an import re-enters (signal handlers, __del__).
# Created by _setup() once _weakref is available.
_blocking_on = None

# name -> weak reference to that module's lock; guarded by the global import lock.
_module_locks = {}


class _BlockingOnManager:
    """Records in _blocking_on, for the duration of a with block, that a thread waits."""

    def __init__(self, thread_id, lock):
        self.lock = lock
        self.thread_id = thread_id

    def __enter__(self):
        # Only the owning thread touches its own entry, so no lock is needed here.
        self.blocked_on = _blocking_on.setdefault(self.thread_id, _List())
        self.blocked_on.append(self.lock)

    def __exit__(self, *exc_info):
        self.blocked_on.remove(self.lock)


def _has_deadlocked(target_id, *, seen_ids, candidate_ids, blocking_on):
    """Whether target_id is reachable from candidate_ids in the waits-for graph.

    An edge goes from a thread to the owner of each lock it waits for (blocking_on maps
    thread ids to those locks).  seen_ids collects the threads already followed.
    """
    if target_id in candidate_ids:
        return True
    for thread_id in candidate_ids:
        waits_for = blocking_on.get(thread_id)
        if not waits_for:
            continue
        if thread_id in seen_ids:
            # A cycle that leaves target_id out (bpo-38091): threads merely starting to
            # acquire, not a deadlock of ours.
            return False
        seen_ids.add(thread_id)
        owners = [lock.owner for lock in waits_for]
        found = _has_deadlocked(target_id, seen_ids=seen_ids,
                                candidate_ids=owners, blocking_on=blocking_on)
        if found:
            return True
    return False


class _ModuleLock:
    """A re-entrant lock for one module's import that detects deadlocks.

    If thread 1 holds A and waits for B while thread 2 holds B, thread 2 asking for A
    gets _DeadlockError instead of waiting forever.  Re-entrancy lets one thread follow
    a circular import back into a module it is importing.
    """

    def __init__(self, name):
        self.name = name
        # Guards owner/count/waiters; re-entrant because the garbage collector or a
        # signal handler can start an import while this thread is inside acquire().
        self.lock = _thread.RLock()
        # Threads that must wait park on this lock until release() lets one through.
        self.wakeup = _thread.allocate_lock()
        self.owner = None
        # One entry per acquisition by the owner, one per parked thread: list append and
        # pop are atomic, which plain integer updates are not.
        self.count = []
        self.waiters = []

    def has_deadlock(self):
        # Would waiting for this lock's owner lead, through what other threads wait
        # for, back to the current thread?
        return _has_deadlocked(_thread.get_ident(), seen_ids=set(),
                               candidate_ids=[self.owner], blocking_on=_blocking_on)

    def acquire(self):
        """Acquire the lock, raising _DeadlockError rather than deadlocking."""
        tid = _thread.get_ident()
        with _BlockingOnManager(tid, self):
            while True:
                # Take the lock if it is free or ours; otherwise queue up (or refuse to).
                with self.lock:
                    taken = not self.count or self.owner == tid
                    if taken:
                        self.count.append(True)
                        self.owner = tid
                    elif self.has_deadlock():
                        raise _DeadlockError(f'deadlock detected by {self!r}')
                    elif self.wakeup.acquire(False):
                        # Holding wakeup before parking makes the park below actually block.
                        self.waiters.append(None)
                if taken:
                    return True
                self.wakeup.acquire()
                self.wakeup.release()

    def release(self):
        with self.lock:
            if self.owner != _thread.get_ident():
                raise RuntimeError('cannot release un-acquired lock')
            self.count.pop()
            if self.count:
                return
            self.owner = None
            if self.waiters:
                self.waiters.pop()
                self.wakeup.release()

    def __repr__(self):
        return f'_ModuleLock({self.name!r}) at {id(self)}'

    def locked(self):
        return len(self.count) > 0


class _DummyModuleLock:
    """Stands in for _ModuleLock when the interpreter has no threads."""

    def __init__(self, name):
        self.count = 0
        self.name = name

    def __repr__(self):
        return f'_DummyModuleLock({self.name!r}) at {id(self)}'

    def release(self):
        if not self.count:
            raise RuntimeError('cannot release un-acquired lock')
        self.count -= 1

    def acquire(self):
        self.count += 1
        return True


class _ModuleLockManager:
    """Holds the named module's lock for the duration of a with block."""

    def __init__(self, name):
        self._lock = None
        self._name = name

    def __enter__(self):
        self._lock = _get_module_lock(self._name)
        self._lock.acquire()

    def __exit__(self, *exc_info):
        self._lock.release()


class _ImportLockContext:
    """Holds the global import lock (the one imp.acquire_lock() takes)."""

    def __enter__(self):
        _imp.acquire_lock()

    def __exit__(self, exc_type, exc_value, exc_traceback):
        _imp.release_lock()


def _get_module_lock(name):
    """The lock for module *name*, created on first use and dropped when unused."""
    # Every import comes here, so the global lock is taken by hand rather than through
    # _ImportLockContext, and the callback is defined in place.
    _imp.acquire_lock()
    try:
        ref = _module_locks.get(name)
        lock = None if ref is None else ref()
        if lock is None:
            lock = _ModuleLock(name) if _thread is not None else _DummyModuleLock(name)

            def forget(dead_ref):
                _imp.acquire_lock()
                try:
                    # Another thread may have made a fresh lock since this one died (bpo-31070).
                    if _module_locks.get(name) is dead_ref:
                        del _module_locks[name]
                finally:
                    _imp.release_lock()
            _module_locks[name] = _weakref.ref(lock, forget)
        return lock
    finally:
        _imp.release_lock()


def _lock_unlock_module(name):
    """Wait until no other thread is importing *name*.

    import.c calls this when sys.modules holds a module whose spec is still
    _initializing.  A circular import across threads gets the partial module.
    """
    lock = _get_module_lock(name)
    try:
        lock.acquire()
    except _DeadlockError:
        return
    lock.release()
