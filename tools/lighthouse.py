"""Lighthouse scores of the built site, served the way GitHub Pages serves it (optional; not
part of ``make test``: it needs Node.js, Chromium and two npm packages).

The site is served from localhost with gzip for text files and a ten-minute cache, as GitHub
Pages does. MathJax, which the pages load from a CDN, is served from a second local origin
(a copy from npm of the major version the pages name, mathjax@3): the built files are not changed,
each page's CDN address is rewritten as it is served. Lighthouse's simulated throttling
then charges that origin a connection like any other; the CDN's real latency is not
simulated beyond that.

Setup, once:  npm install --prefix /tmp/lighthouse lighthouse@12 mathjax@3
Usage:        python tools/lighthouse.py --npm /tmp/lighthouse [_build/html] [page.html ...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = ["book/intro.html", "book/deep/attention.html", "book/exercises/linear-regression.html"]
#: The CDN address of MathJax in the pages; the local copy replaces it.
CDN = re.compile(rb"https://cdn\.jsdelivr\.net/npm/mathjax@\d+/")
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map", ".inv"}


class Handler(SimpleHTTPRequestHandler):
    """Files with gzip (text only, like GitHub Pages) and the CDN address rewritten."""

    mathjax = b""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return None
        body = path.read_bytes()
        if path.suffix == ".html":
            body = CDN.sub(self.mathjax, body)
        gzipped = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Access-Control-Allow-Origin", "*")  # the CDN's fonts need it
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, *args):
        pass


def serve(directory: Path, mathjax: bytes = b"") -> str:
    handler = type("H", (Handler,), {"mathjax": mathjax})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--npm", type=Path, required=True, help="where lighthouse and mathjax are installed")
    parser.add_argument("--chrome", default="/usr/bin/chromium")
    parser.add_argument("--out", type=Path, help="keep the JSON reports here")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and device (median shown)")
    parser.add_argument("site", nargs="?", type=Path, default=Path("_build/html"))
    parser.add_argument("pages", nargs="*", default=PAGES)
    args = parser.parse_args()
    modules = args.npm.resolve() / "node_modules"
    mathjax = serve(modules / "mathjax")  # another origin (port), as the CDN is
    site = serve(args.site.resolve(), mathjax.encode())
    out = args.out or Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'page':42} {'device':7} perf a11y   KB  LCP s  TBT ms   CLS  CPU index")
    for page in args.pages:
        for device in ("mobile", "desktop"):
            rows = []
            for run in range(args.runs):
                report = out / f"{page.replace('/', '_')}.{device}.{run}.json"
                subprocess.run(["node", str(modules / "lighthouse/cli/index.js"), site + page,
                                "--quiet", "--output=json", f"--output-path={report}",
                                "--only-categories=performance,accessibility",
                                "--chrome-flags=--headless=new --no-sandbox"]
                               + (["--preset=desktop"] if device == "desktop" else []),
                               check=True, env={**os.environ, "CHROME_PATH": args.chrome})
                result = json.loads(report.read_text())
                audit = {k: v.get("numericValue", 0) for k, v in result["audits"].items()}
                rows.append((*(round(100 * result["categories"][k]["score"])
                               for k in ("performance", "accessibility")),
                             audit["total-byte-weight"] / 1000, audit["largest-contentful-paint"] / 1000,
                             audit["total-blocking-time"], audit["cumulative-layout-shift"],
                             result["environment"]["benchmarkIndex"]))
            rows.sort()  # the median run by performance score, as Lighthouse advises
            perf, a11y, kb, lcp, tbt, cls, cpu = rows[len(rows) // 2]
            spread = f" ({rows[0][0]}-{rows[-1][0]})" if len(rows) > 1 else ""
            print(f"{page:42} {device:7} {perf:4} {a11y:4} {kb:4.0f} {lcp:6.2f} {tbt:7.0f} {cls:5.3f}"
                  f" {cpu:6.0f}{spread}", flush=True)
    print(f"reports: {out}")


if __name__ == "__main__":
    main()
