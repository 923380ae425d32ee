"""The notice record: the one shape every page becomes, whatever its site.

Extraction fills it, the archive stores it, exports and docs/record.md document it from FIELDS.
Every field is always present in the JSON: null (or empty list/dict) where unknown.
"""

EXTRACTOR_VERSION = "5"  # 2: standing sign-offs, addressed invitations, headline against, link lead-ins;
# 3: an invitation required, third-person invitations, standing channels, background sections, names in sign-offs
# 4: furniture names weighed, not obeyed; self-checks with second opinions (checks); is_consultation means the
#    notice's purpose, asks_for_views any invitation
# 5: htmldate alone when the source writes its day in full; a date line first under the headline in furniture;
#    the Markdown body escapes what a renderer would make live HTML or a link (text stays text)

# name -> (JSON type, description). Order is the order of the JSON output and of the docs.
FIELDS = {
    "url": (
        "string",
        "The notice's identity: its canonical URL when that is trustworthy, else the fetched URL, normalised.",
    ),
    "canonical": ("string|null", "The page's canonical URL as found (link rel=canonical, else og:url)."),
    "fetched_url": ("string", "The URL the page was fetched from, after redirects."),
    "force": (
        "string|null",
        "Registry slug of the police force of the notice's area, e.g. `gwent`: the force whose host served the page, or for a commissioner's notice its area's force.",
    ),
    "force_name": ("string|null", "The force's name, e.g. `Gwent Police`."),
    "area": ("string|null", "The force's short area name, e.g. `Gwent`."),
    "publisher": (
        "string|null",
        "Registry slug of the site that published the notice: the force's slug, or the police and crime commissioner's (e.g. `gwent-pcc`).",
    ),
    "publisher_kind": (
        "string|null",
        "What the publisher is: `force`, or `pcc` (a PCC, a PFCC or a mayor's policing office).",
    ),
    "platform": ("string", "The site platform parser used, e.g. `soh`, `generic`."),
    "title": ("string|null", "The headline, without the site suffix."),
    "page_title": ("string|null", "The HTML <title> text as found (whitespace collapsed)."),
    "published": (
        "string|null",
        "Publish date, ISO 8601 in UK local time with offset; a date alone when no time is given.",
    ),
    "published_utc": (
        "string|null",
        "The publish date in UTC (ISO 8601, `Z`), for sorting; the date alone when no time is given.",
    ),
    "published_raw": ("string|null", "The text the publish date came from."),
    "published_source": (
        "string|null",
        "Where it came from: `meta`, `json-ld`, `time element`, `visible line` or `url`; after a failed check `microdata`, `rdfa` or `htmldate` (see `checks`).",
    ),
    "published_reason": ("string|null", "Why `published` is null, when it is."),
    "updated": ("string|null", "Last-updated date the page states, ISO 8601 like `published`."),
    "updated_raw": ("string|null", "The text the updated date came from."),
    "closes": (
        "string|null",
        "Closing date of a consultation or survey the text states (ISO 8601 date, or date-time when a time is given).",
    ),
    "closes_raw": ("string|null", "The sentence fragment the closing date came from."),
    "description": ("string|null", "meta description, else og:description (entities unescaped)."),
    "og": (
        "object",
        "Every og: property, keys without the `og:` prefix (e.g. `title`, `image`), entities unescaped, first non-empty value.",
    ),
    "jsonld": ("array", "The page's JSON-LD objects, raw."),
    "lang": (
        "string|null",
        "Language of the page (`en`, `cy`, …) from the html lang attribute or og:locale, else the hreflang alternate that is the page itself, else `cy` for a path under `/cy/`.",
    ),
    "body": (
        "string",
        "The article body as Markdown: standfirst, paragraphs, headings, lists and links; page furniture removed.",
    ),
    "alternates": (
        "object",
        "The same notice in other languages: language -> URL, from the head's `link rel=alternate hreflang` and the page's language switcher (`Cymraeg` / `English` links); the page itself left out. The archive pairs a Welsh notice with its English one by it (`translation_of`).",
    ),
    "links": ("array", "Outbound links in the body: absolute URLs, redirect wrappers unwrapped."),
    "survey_links": (
        "array",
        "Links to survey/consultation platforms: objects {url, host, provider, text}. In the archive, a short link resolved by `crawl --resolve-links` shows its final URL, host and provider, the short link kept as `short_url`.",
    ),
    "media_links": ("array", "Video links in the body (YouTube, Vimeo, …)."),
    "topics": ("array", "Topic slugs from the topic rules, e.g. `anpr`, `cctv`, `precept`."),
    "topic_matches": (
        "object",
        "slug -> list of {term, where} that made the topic match (`where`: title, description, body).",
    ),
    "is_consultation": (
        "boolean",
        "Whether the notice exists to ask the public for views (a consultation, survey, questionnaire, have-your-say event): its headline, description or lead invites. Describes the notice as published, whatever the survey's status now. Since extractor version 4; before, any invitation counted (now `asks_for_views`).",
    ),
    "asks_for_views": (
        "boolean",
        "Whether the notice's own text invites the public to give views anywhere (a survey plugged in a story about something else included); a force's standing sign-off never sets it. True on every consultation.",
    ),
    "consultation_cues": ("array", "The phrases or links that made it a consultation."),
    "content_sha256": (
        "string",
        "SHA-256 of the normalised title, body text and publish date: what makes a new version.",
    ),
    "raw_sha256": ("string", "SHA-256 of the page bytes as fetched."),
    "extractor_version": ("string", "Version of the extraction code and platform parser that made this record."),
    "warnings": (
        "array",
        "Anything odd the extractor noticed (a canonical rejected and why, a charset guessed or declared falsely, …).",
    ),
    "checks": (
        "array",
        "Plausibility checks the fast path failed (`body_short`, `body_links`, `lead_missing`, `date_missing`, with their evidence) and the second opinion taken (`body: trafilatura's reading taken …`, `date: microdata taken (agreed by …)`); empty when every check passed.",
    ),
}


def empty_record():
    """A record with every field present and empty."""
    out = {}
    for name, (kind, _) in FIELDS.items():
        if kind == "array":
            out[name] = []
        elif kind == "object":
            out[name] = {}
        elif kind == "boolean":
            out[name] = False
        else:
            out[name] = None
    return out
