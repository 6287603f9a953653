"""portal.lazy: the library loads on first use, whole, even when two threads ask for it at once."""

import sys
import threading

from portal.lazy import lazy_import

SLOW_MODULE = """
import time
time.sleep(0.3)
VALUE = 42
"""


def test_two_threads_reading_during_the_first_import_both_see_the_whole_module(tmp_path, monkeypatch):
    (tmp_path / "passerelle_slow_module.py").write_text(SLOW_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "passerelle_slow_module", raising=False)
    module = lazy_import("passerelle_slow_module")
    assert "passerelle_slow_module" not in sys.modules  # nothing imported yet
    seen, errors = [], []

    def read():
        try:
            seen.append(module.VALUE)
        except AttributeError as error:  # a half-loaded module
            errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and seen == [42, 42]
    sys.modules.pop("passerelle_slow_module", None)


def test_an_already_loaded_module_is_returned_as_it_is():
    assert lazy_import("json") is sys.modules["json"]
