import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ...importer import FILES, ImportFileError, import_published_lists


class Command(BaseCommand):
    help = ("Load the national green manufacturing lists as published (batches 1–5 and 2021) from DIR "
            "into closed historical batches. All files are checked first and written in one transaction; "
            "rows that cannot be mapped are reported, not guessed. Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="folder with " + ", ".join(spec.name for spec in FILES))

    def handle(self, *args, directory: Path, verbosity: int = 1, **options):
        if not directory.is_dir():
            raise CommandError(f"不是目录：{directory}")
        # The bar goes to stderr, and only on a terminal: logs and pipes get the summary alone.
        interactive = sys.stderr.isatty() and verbosity > 0

        def progress(total, desc):
            return tqdm(total=total, desc=desc, unit="条", file=sys.stderr, leave=False)

        try:
            results = import_published_lists(directory=directory, progress=progress if interactive else None)
        except ImportFileError as exc:
            raise CommandError(f"{exc}（未导入任何条目）") from exc

        for result in results:
            self.stdout.write(
                f"{result.file}：共 {result.rows} 行，导入 {result.imported}，已存在跳过 {result.skipped}，"
                f"报告未导入 {len(result.reports)}，导入并附说明 {len(result.notes)}")
            for issue in result.reports:
                self.stdout.write(self.style.WARNING(f"  未导入 {issue}"))
            for reason, count in Counter(n.reason for n in result.notes).most_common():
                self.stdout.write(f"  说明 {count} 行：{reason}")
            if verbosity > 1:
                for note in result.notes:
                    self.stdout.write(f"    {note}")
        imported = sum(r.imported for r in results)
        self.stdout.write(self.style.SUCCESS(
            f"完成：导入 {imported} 条，跳过 {sum(r.skipped for r in results)} 条，"
            f"报告 {sum(len(r.reports) for r in results)} 行。"))

