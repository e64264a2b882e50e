#!/usr/bin/env python3
"""Appends a MigrationBuilder extension call (e.g. CreateOutboxNotifyTrigger) at the end of a migration's Up().
Usage: add-migration-call.py MIGRATION.cs CALL NAMESPACE"""
import sys
path, call, namespace = sys.argv[1:4]
src = open(path, encoding="utf-8").read()
if f"migrationBuilder.{call}();" not in src:
    start = src.index("protected override void Up(")
    end = src.index("\n        }\n", start)
    src = src[:end] + f"\n\n            migrationBuilder.{call}();" + src[end:]
    if f"using {namespace};" not in src:
        src = f"using {namespace};\n" + src
    open(path, "w", encoding="utf-8").write(src)
