import threading
import time

from devstack.moto_server import SerialisedApp


def test_requests_never_overlap_inside_the_embedded_server():
    inside = 0
    overlaps = []
    guard = threading.Lock()

    def slow_app(environ, start_response):
        nonlocal inside
        with guard:
            inside += 1
            overlaps.append(inside)
        time.sleep(0.01)
        with guard:
            inside -= 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok", b"!"]

    app = SerialisedApp(slow_app)
    bodies = []

    def call():
        bodies.append(app({}, lambda status, headers, exc_info=None: None))

    threads = [threading.Thread(target=call) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert max(overlaps) == 1
    assert bodies == [[b"ok!"]] * 16
