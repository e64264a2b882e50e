#!/usr/bin/env python3
"""After `dotnet ef migrations add Initial`, adds the outbox NOTIFY trigger at the end of the migration's Up()."""
import re, sys
path = sys.argv[1]
src = open(path, encoding="utf-8").read()
if "CreateOutboxNotifyTrigger" not in src:
    start = src.index("protected override void Up(")
    end = src.index("\n        }\n", start)
    src = src[:end] + "\n\n            migrationBuilder.CreateOutboxNotifyTrigger();" + src[end:]
    src = "using SheqingMinyi.BuildingBlocks.Messaging;\n" + src
    open(path, "w", encoding="utf-8").write(src)
