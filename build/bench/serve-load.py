#!/usr/bin/env python3
"""Load generator for build/bench/serve.sh: posts AdmissionReview bodies to supplygate serve over TLS.

usage: serve-load.py URL CA_CERT MODE ARGS...
  latency  N IMAGE...          N sequential reviews of one Pod with the images; prints p50 p99 max (ms)
  cold     IMAGE-SET...        one review per set (images joined by ','), each set seen for the first time; prints p50 p99 max (ms)
  rate     SECONDS CONNECTIONS IMAGE...   sustained reviews on CONNECTIONS keep-alive connections; prints reviews/s and errors
"""
import http.client, json, ssl, sys, threading, time, uuid
from urllib.parse import urlparse

url, ca, mode, args = urlparse(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
context = ssl.create_default_context(cafile=ca)


def body(images):
    containers = [{"name": f"c{i}", "image": image, "imagePullPolicy": "IfNotPresent"} for i, image in enumerate(images)]
    return json.dumps({
        "kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1",
        "request": {
            "uid": str(uuid.uuid4()), "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"}, "namespace": "bench", "name": "web",
            "operation": "CREATE", "userInfo": {"username": "bench"},
            "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "bench"}, "spec": {"containers": containers}},
            "oldObject": None, "dryRun": False,
        },
    }).encode()


def connect():
    return http.client.HTTPSConnection(url.hostname, url.port, context=context, timeout=30)


def review(connection, images):
    connection.request("POST", "/validate", body(images), {"Content-Type": "application/json"})
    answer = json.loads(connection.getresponse().read())["response"]
    if not answer["allowed"]:
        raise RuntimeError(answer.get("status", {}).get("message", "denied"))


def percentiles(times):
    times = sorted(times)
    pick = lambda q: times[min(len(times) - 1, int(round(q * (len(times) - 1))))]
    return f"{pick(0.5):.2f} {pick(0.99):.2f} {times[-1]:.2f}"


if mode == "latency":
    n, images = int(args[0]), args[1:]
    connection = connect()
    review(connection, images)  # connection and TLS set up outside the measurement
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        review(connection, images)
        times.append((time.perf_counter() - t0) * 1000)
    print(percentiles(times))
elif mode == "cold":
    times = []
    for images in args:
        connection = connect()
        connection.connect()
        t0 = time.perf_counter()
        review(connection, images.split(","))
        times.append((time.perf_counter() - t0) * 1000)
        connection.close()
    print(percentiles(times))
elif mode == "rate":
    seconds, connections, images = float(args[0]), int(args[1]), args[2:]
    done, errors, stop = [0] * connections, [0] * connections, time.perf_counter() + seconds

    def worker(i):
        connection = connect()
        while time.perf_counter() < stop:
            try:
                review(connection, images)
                done[i] += 1
            except Exception:  # noqa: BLE001 - counted, the run goes on
                errors[i] += 1
                connection = connect()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{sum(done) / (time.perf_counter() - t0):.0f} {sum(errors)}")
