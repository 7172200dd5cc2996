#!/usr/bin/env python3
"""Per-instruction samples of the worker threads, from perf, the JIT's symbol map and its listing.

Called by instructions.sh; see there. The listing is the JVM's -XX:+PrintAssembly output without a
disassembler plug-in: for each compiled method, lines of instruction bytes ("0x<address>: 4c8b 14cc |
...") interleaved with debug records ("0x<address>: ;*getfield key" and "; - Class::method@bci (line
N)" scope lines). objdump decodes the bytes; the innermost scope before an address says where in
the source it is.
"""
import argparse
import bisect
import collections
import re
import subprocess
import sys
import tempfile

BYTES = re.compile(r'^\s*0x([0-9a-f]{16}):\s+((?:[0-9a-f]{2,8}\s*\|?\s*)+)$')
RECORD = re.compile(r'^\s*0x([0-9a-f]{16}):\s*;')
SCOPE = re.compile(r'^\s*; - (\S+)')
INSTRUCTION = re.compile(r'^\s*([0-9a-f]+):\s+(?:[0-9a-f]{2} )+\s*(.*)$')


def read_listing(path):
    """Instruction bytes by address, and the innermost source scope recorded at each address."""
    code, scopes = {}, {}
    pending = None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip()
            m = BYTES.match(line)
            if m:
                raw = re.sub(r'[\s|]', '', m.group(2))
                start = int(m.group(1), 16)
                for i, b in enumerate(bytes.fromhex(raw)):
                    code[start + i] = b
                pending = None
                continue
            m = RECORD.match(line)
            if m:
                pending = int(m.group(1), 16)
                continue
            m = SCOPE.match(line)
            if m and pending is not None and pending not in scopes:
                scopes[pending] = m.group(1)  # the first scope line is the innermost method
    return code, scopes


def read_symbols(path):
    methods = []
    with open(path) as f:
        for line in f:
            start, size, name = line.rstrip('\n').split(' ', 2)
            methods.append((int(start, 16), int(size, 16), name))
    methods.sort()
    return methods


def disassemble(code, start, size):
    blob = bytes(code.get(a, 0) for a in range(start, start + size))
    with tempfile.NamedTemporaryFile(suffix='.bin') as f:
        f.write(blob)
        f.flush()
        out = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '-M', 'intel',
                              f'--adjust-vma={start:#x}', f.name], capture_output=True, text=True, check=True)
    listing = []
    for line in out.stdout.splitlines():
        m = INSTRUCTION.match(line)
        if m:
            listing.append((int(m.group(1), 16), m.group(2)))
    return listing


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--listing', required=True)
    p.add_argument('--symbols', required=True)
    p.add_argument('--samples', required=True, help='perf script -F comm,ip output')
    p.add_argument('--threads', default='sluice-worker', help='thread name prefix (perf keeps 15 characters)')
    p.add_argument('--top', type=int, default=3)
    p.add_argument('--min-share', type=float, default=1.0, help='instructions with at least this %% of the samples')
    a = p.parse_args()

    samples = collections.Counter()
    with open(a.samples) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[0].startswith(a.threads[:15]):
                samples[int(parts[1], 16)] += 1
    total = sum(samples.values())
    if total == 0:
        sys.exit(f'no samples of threads named {a.threads}*: was the run sampled while it ran?')
    methods = read_symbols(a.symbols)
    starts = [m[0] for m in methods]
    per_method = collections.Counter()
    for ip, n in samples.items():
        i = bisect.bisect_right(starts, ip) - 1
        if i >= 0 and ip < methods[i][0] + methods[i][1]:
            per_method[i] += n
    print(f'{total} samples of the {a.threads}* threads')
    for i, n in per_method.most_common(10):
        print(f'{100 * n / total:6.1f} %  {methods[i][2]}')
    code, scopes = read_listing(a.listing)
    record_addresses = sorted(scopes)
    for i, n in per_method.most_common(a.top):
        start, size, name = methods[i]
        if start not in code:
            print(f'\n{name}: not in the listing (compiled before the listing began, or a stub)')
            continue
        print(f'\n{100 * n / total:.1f} %  {name}')
        instructions = disassemble(code, start, size)
        for k, (address, text) in enumerate(instructions):
            share = 100 * samples.get(address, 0) / total
            if share < a.min_share:
                continue
            j = bisect.bisect_right(record_addresses, address) - 1
            scope = scopes[record_addresses[j]] if j >= 0 else '?'
            before = instructions[k - 1][1] if k > 0 else ''
            print(f'{share:6.1f} %  {address:x}  {text:<44}  after: {before:<40}  near {scope}')


if __name__ == '__main__':
    main()
