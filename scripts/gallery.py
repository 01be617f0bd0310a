"""Make the README gallery: page 1 of the sample in every layout × language, from real runs.

    python scripts/gallery.py [--models auto|tiny|installed] [--dpi 60]

Runs `briefing build examples/vostochny-summit.txt --layout L --lang en,ko,ru` once per
layout (a real CLI run in a subprocess), turns page 1 of every PDF into a PNG with pdftoppm
(poppler-utils) in docs/gallery/, and writes docs/gallery.md: the Markdown table to paste
into the README.

Korean and Russian need translation models. `--models installed` uses the Argos packages
installed on this machine; `--models tiny` builds the tiny test packages of
tests/translate/tinyargos.py in a temporary directory and labels those images plainly as
"translation by the tiny test model, not a real translation"; `auto` (the default) takes
the installed models when both are there, else the tiny ones.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "vostochny-summit.txt"
LAYOUTS = ("brief", "handout", "bilingual")
TAGS = {"brief": ("en", "ko", "ru"), "handout": ("en", "ko", "ru"), "bilingual": ("en-ko", "en-ru")}
TINY_NOTE = "translation by the tiny test model, not a real translation"


def installed_models() -> bool:
    """Tell whether real en→ko and en→ru Argos packages are installed here."""
    from briefing.translate.packages import find_model

    return all(find_model(lang) is not None for lang in ("ko", "ru"))


def use_tiny_models(root: Path) -> None:
    """Build and install the tiny test packages under `root` and point Argos at them."""
    sys.path.insert(0, str(ROOT / "tests"))
    from translate.tinyargos import install_tiny_packages

    install_tiny_packages(root)


def build(layout: str, out: Path, env: dict[str, str]) -> list[Path]:
    """Run the real CLI for one layout; return the PDFs it wrote."""
    cmd = [
        sys.executable,
        "-m",
        "briefing",
        "build",
        str(SAMPLE),
        "--layout",
        layout,
        "--lang",
        "en,ko,ru",
        "--out",
        str(out),
    ]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(
            f"gallery: {' '.join(cmd[2:])} failed ({result.returncode}): {result.stderr.strip()}"
        )
    return [Path(line) for line in result.stdout.split() if line.endswith(".pdf")]


def png(pdf: Path, target: Path, dpi: int, banner: str | None = None) -> None:
    """Write page 1 of `pdf` as a palette PNG (small enough to keep in the repository).

    A `banner` is stamped across the top of the image, so the label travels with it.
    """
    from PIL import Image, ImageDraw, ImageFont

    stem = target.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    with Image.open(target) as page:
        image = page.convert("RGB")
    if banner:
        draw = ImageDraw.Draw(image)
        font = ImageFont.load_default(size=max(10, image.width // 40))
        height = int(font.size * 1.8)
        draw.rectangle((0, 0, image.width, height), fill=(178, 34, 34))
        draw.text((image.width // 2, height // 2), banner, fill="white", font=font, anchor="mm")
    image.quantize(colors=64).save(target, optimize=True)


def table(tiny: bool) -> str:
    """The README table: one row per layout, one column per language."""
    note = f" ({TINY_NOTE})" if tiny else ""
    head = "| layout | English | 한국어 (Korean) | Русский (Russian) |\n|---|---|---|---|\n"
    rows = []
    for layout in LAYOUTS:
        cells = []
        for tag in ("en", "ko", "ru") if layout != "bilingual" else ("", "en-ko", "en-ru"):
            if not tag:
                cells.append("—")
                continue
            alt = f"{layout}, {tag}" + (note if tag != "en" else "")
            cells.append(
                f"[![{alt}](docs/gallery/{layout}.{tag}.png)](docs/gallery/{layout}.{tag}.png)"
            )
        rows.append(f"| `--layout {layout}` | " + " | ".join(cells) + " |")
    caption = (
        "\nPage 1 of each layout for `examples/vostochny-summit.txt`, "
        "made by `python scripts/gallery.py` from real `briefing build` runs."
    )
    if tiny:
        caption += (
            " **The Korean and Russian pages show the tiny test model used in the tests: "
            "the fonts, layout, catalog headings and glossary names are real, "
            f"the prose is not — {TINY_NOTE}.**"
        )
    return head + "\n".join(rows) + "\n" + caption + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", choices=("auto", "tiny", "installed"), default="auto")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "gallery")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        raise SystemExit("gallery: pdftoppm not found: apt-get install poppler-utils")

    with tempfile.TemporaryDirectory(prefix="briefing-gallery-") as tmp:
        work = Path(tmp)
        tiny = args.models == "tiny" or (args.models == "auto" and not installed_models())
        if tiny:
            use_tiny_models(work / "argos")
        defaults = work / "defaults.toml"  # default settings, whatever the user's config says
        defaults.write_text("", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
        env |= {"BRIEFING_CONFIG": str(defaults), "BRIEFING_CACHE_DIR": str(work / "cache")}
        args.out.mkdir(parents=True, exist_ok=True)
        for layout in LAYOUTS:
            pdfs = build(layout, work / layout, env)
            by_tag = {
                p.name.split(".", 1)[1].rsplit(".", 1)[0].removeprefix("handout."): p for p in pdfs
            }
            for tag in TAGS[layout]:
                if tag not in by_tag:
                    raise SystemExit(f"gallery: {layout} wrote no {tag} PDF (got {sorted(by_tag)})")
                target = args.out / f"{layout}.{tag}.png"
                banner = f"Tiny test model: {TINY_NOTE}" if tiny and tag != "en" else None
                png(by_tag[tag], target, args.dpi, banner)
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        md = ROOT / "docs" / "gallery.md"
        md.write_text(
            "# Gallery\n\nPaste this table into the README.\n\n" + table(tiny), encoding="utf-8"
        )
        print(md.relative_to(ROOT))


if __name__ == "__main__":
    main()
