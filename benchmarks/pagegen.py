"""Deterministic generator of realistic, heavy police news pages for the speed benchmark.

Each page is a corpus entry rendered by render.py (five families, traps on) and then weighed down to a
seeded target of 60–150 KB with the chrome real sites carry: inline CSS, an inline state/analytics
script, an SVG icon sprite, an off-canvas menu with hundreds of links, a long footer. Without the
corpus, bodies are generated text so the benchmark still runs.

    pages = generate(1000, seed=7)    # [(html bytes, url)]
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import render  # noqa: E402

MIN_KB, MAX_KB = 60, 150
WORDS = (
    "police officers appeal witnesses information incident road area public community residents "
    "investigation arrested charged court station vehicle report help safety local enquiries"
).split()


def _css(rng):
    h = f"{rng.getrandbits(24):06x}"
    return (
        f".c-{h} .{rng.choice(['nav', 'card', 'btn', 'grid', 'hero'])}__{rng.choice(['item', 'link', 'icon', 'title'])}"
        f"{{margin:0 {rng.randint(0, 40)}px;padding:{rng.randint(0, 24)}px;color:#{h};"
        f"font:{rng.randint(12, 22)}px/1.{rng.randint(2, 6)} Arial,sans-serif}}\n"
    )


def _js(rng):
    key = f"k{rng.getrandbits(32):08x}"
    return (
        f'"{key}":{{"id":{rng.randint(1, 10**6)},"label":"{rng.choice(WORDS)} {rng.choice(WORDS)}",'
        f'"enabled":{rng.choice(["true", "false"])},"ts":{rng.randint(10**12, 2 * 10**12)}}},'
    )


def _svg(rng):
    pts = " ".join(
        f"{rng.randint(0, 24)}.{rng.randint(0, 99)},{rng.randint(0, 24)}.{rng.randint(0, 99)}" for _ in range(12)
    )
    return f'<symbol id="icon-{rng.getrandbits(24):06x}" viewBox="0 0 24 24"><path d="M{pts}Z"/></symbol>'


def _link(rng, host):
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).capitalize()
    return f'<li><a href="https://{host}/{render.slug(text)}/">{text}</a></li>'


def _fill(make, rng, nbytes):
    out, size = [], 0
    while size < nbytes:
        s = make(rng)
        out.append(s)
        size += len(s)
    return "".join(out)


def weigh_down(html_text, host, rng, target):
    """Add page chrome until the page is about `target` bytes."""
    missing = target - len(html_text.encode("utf-8"))
    if missing <= 0:
        return html_text
    share = [rng.uniform(0.15, 0.35) for _ in range(4)]
    total = sum(share)
    css, js, svg, nav = (int(missing * s / total) for s in share)
    head = f"<style>{_fill(_css, rng, css)}</style>\n"
    top = (
        f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{_fill(_svg, rng, svg)}</svg>\n'
        f'<nav class="offcanvas" aria-hidden="true"><ul>{_fill(lambda r: _link(r, host), rng, nav)}</ul></nav>\n'
    )
    tail = (
        "<script>window.__STATE__={" + _fill(_js, rng, js) + '"end":1};</script>\n'
        "<script>(function(w,d){var s=d.createElement('script');s.async=1;s.src='/js/analytics.js';"
        "d.head.appendChild(s)})(window,document);</script>\n"
    )
    html_text = html_text.replace("</head>", head + "</head>", 1)
    i = html_text.find(">", html_text.find("<body")) + 1
    html_text = html_text[:i] + top + html_text[i:]
    return html_text.replace("</body>", tail + "</body>", 1)


def fake_record(rng, i):
    """A corpus-shaped record with generated text, for when the corpus is absent."""
    place = rng.choice(render.PLACES)
    title = rng.choice(render.STORIES).format(p=place)
    paras = ["**" + " ".join(rng.choice(WORDS) for _ in range(20)).capitalize() + ".**"]
    paras += [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))).capitalize() + "."
        for _ in range(rng.randint(3, 12))
    ]
    slug = render.slug(title)
    return {
        "force": "Gwent",
        "file": f"gen{i:06d}.md",
        "body": "\n\n".join(paras),
        "meta": {
            "title": f"{title} | Gwent Police",
            "url": f"https://www.gwent.police.uk/news/gwent/news/{slug}-{i}/",
            "og": {"title": title, "type": "website", "locale": "en_GB", "description": paras[0].strip("*")},
            "publish": {
                "date": f"{rng.randint(10, 23)}:{rng.randint(10, 59)} {rng.randint(10, 28)}/0{rng.randint(1, 9)}/2021"
            },
        },
    }


def generate(n, seed=7, corpus=render.CORPUS, families=render.FAMILIES):
    """n pages [(html bytes, url)], 60–150 KB each, identical for the same n, seed, corpus and families."""
    rng = random.Random(seed)
    if Path(corpus).exists():
        records = render.load_corpus(corpus)
        picks = [records[i] for i in rng.sample(range(len(records)), min(n, len(records)))]
        picks += [records[rng.randrange(len(records))] for _ in range(n - len(picks))]
    else:
        picks = [fake_record(rng, i) for i in range(n)]
    pages = []
    for i, rec in enumerate(picks):
        data, url, _ = render.render(rec, families[i % len(families)], seed=seed + i)
        host = url.split("/")[2]
        page = weigh_down(data.decode("utf-8"), host, rng, rng.randint(MIN_KB, MAX_KB) * 1024)
        pages.append((page.encode("utf-8"), url))
    return pages
