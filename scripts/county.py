#!/usr/bin/env python3
"""Generates the example county 青山县: the ten township lists (content/lists/<township>.toml) in the
national three-part shape (基本履职事项 / 配合履职事项 / 上级部门收回事项) and the admission list
(content/admission.toml, content/adjustments.toml), for one of the states that history/ freezes as
releases.

    python3 scripts/county.py [--state 1|2|3|4] [--root DIR]

Inputs: the tables in scripts/county/ (duties, powers kept by townships, the enforcement catalog the
recalled items come from, supporting matters, admission list, per-township features and targets)
and the hand-written sources in content/ (bodies, territorial list, guidance catalogs). Standard
library only; a seeded splitmix64 generator and no clock, so every run writes the same bytes.
After writing, the output is read back and checked (codes, references, the 属地 and 准入 rules,
per-part counts); a failed check exits with status 1. docs/example.md describes the example and
scripts/county-releases rebuilds history/ from the states.
"""

import argparse
import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "county")
REPO = os.path.dirname(HERE)

TYPE_LETTERS = {
    "行政许可": "XK", "行政处罚": "CF", "行政强制": "QZ", "行政征收": "ZS", "行政给付": "GF",
    "行政检查": "JC", "行政确认": "QR", "行政奖励": "JL", "行政裁决": "CJ", "其他行政权力": "QT",
    "公共服务": "FW",
}
SHORT_TYPES = {"CF": "行政处罚", "JC": "行政检查", "QZ": "行政强制"}
CATEGORY_LETTERS = {
    "党的建设": "DJ", "经济发展": "JJ", "民生服务": "MS", "平安法治": "PA", "生态环境保护": "ST",
    "乡村振兴": "XC", "城乡建设": "CX", "城市管理": "CS", "社区治理": "SQ", "综合保障": "ZB",
}
TOWN_CATEGORIES = ["党的建设", "经济发展", "民生服务", "平安法治", "生态环境保护", "乡村振兴", "城乡建设", "综合保障"]
STREET_CATEGORIES = ["党的建设", "经济发展", "民生服务", "平安法治", "生态环境保护", "城乡建设", "城市管理", "社区治理",
                     "综合保障"]
# 属地管理清单的备注 → 适用范围（features）。
TERRITORIAL_SCOPES = {
    "": "all",
    "适用于各街道和建制镇": "street 镇",
    "适用于各乡、镇": "town",
    "适用于各街道": "street",
    "适用于青江及龙潭水库沿岸乡镇（街道）": "water",
    "适用于有林区的乡镇（塘溪镇、龙潭镇、云岭乡、竹园乡）": "forest",
}
CODE_RE = re.compile(r"^[A-Za-z0-9._-]+$")


# --------------------------------------------------------------------------------------------
# Deterministic randomness


class Rng:
    """splitmix64, seeded from FNV-1a of a string: the same key gives the same numbers on every
    machine and Python version (unlike random.Random, whose algorithms may change)."""

    def __init__(self, key):
        h = 0xCBF29CE484222325
        for b in key.encode("utf-8"):
            h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
        self.state = h

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


def weighted_pick(rng, pool, count):
    """Picks `count` items of `pool` (a list of (weight, item)) without replacement, each draw
    with probability proportional to the weights left; keeps the pool's order. Integer
    arithmetic only, so the choice is the same on every platform."""
    left = [(max(1, round(weight * 1000)), index) for index, (weight, _) in enumerate(pool)]
    chosen = []
    for _ in range(min(count, len(left))):
        r = rng.below(sum(w for w, _ in left))
        for at, (w, index) in enumerate(left):
            if r < w:
                chosen.append(index)
                del left[at]
                break
            r -= w
    return [pool[i][1] for i in sorted(chosen)]


# --------------------------------------------------------------------------------------------
# Loading


def load(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


class Data:
    def __init__(self, root):
        self.county = load(os.path.join(DATA, "county.toml"))
        self.duties = load(os.path.join(DATA, "duties.toml"))["duty"]
        self.powers = load(os.path.join(DATA, "powers.toml"))["power"]
        self.groups = load(os.path.join(DATA, "enforcement.toml"))["group"]
        self.bases = load(os.path.join(DATA, "bases.toml"))
        self.supports = load(os.path.join(DATA, "support.toml"))["support"]
        self.templates = load(os.path.join(DATA, "templates.toml"))
        self.admission = load(os.path.join(DATA, "admission.toml"))
        self.guides_table = load(os.path.join(DATA, "guides.toml"))
        self.guides = {g["name"]: g for g in self.guides_table["guide"]}
        content = os.path.join(root, "content")
        self.bodies = {}
        for name in sorted(os.listdir(os.path.join(content, "bodies"))):
            if name.endswith(".toml"):
                body = load(os.path.join(content, "bodies", name))
                self.bodies[body["code"]] = body
        self.territorial = {m["code"]: m for m in load(os.path.join(content, "territorial.toml"))["matter"]}
        self.guidance = set()
        for name in sorted(os.listdir(os.path.join(content, "guidance"))):
            if name.endswith(".toml"):
                for item in load(os.path.join(content, "guidance", name))["item"]:
                    self.guidance.add(item["id"])
        self.enforcement = []
        for group in self.groups:
            for kind, scope, flags, guidance, name, basis in group["items"]:
                if "nd" in flags.split():
                    continue  # the county never delegated it: no township lists it
                self.enforcement.append({
                    "type": SHORT_TYPES[kind], "scope": scope, "flags": flags.split(), "guidance": guidance,
                    "name": name, "basis": self.bases.get(name) or basis, "group": group,
                })

    def dept_short(self, code):
        names = self.county["short_names"]
        return names.get(code) or self.bodies[code]["name"].replace("青山县", "县")

    def state(self, n):
        for s in self.county["state"]:
            if s["id"] == n:
                return s
        raise SystemExit(f"状态 {n} 不存在（scripts/county/county.toml 中只有 {'、'.join(map(str, self.state_ids))}）")

    @property
    def state_ids(self):
        return [s["id"] for s in self.county["state"]]


# --------------------------------------------------------------------------------------------
# One township


class Township:
    def __init__(self, data, spec):
        self.data = data
        self.spec = spec
        self.code = spec["code"]
        self.prefix = spec["prefix"]
        body = data.bodies[self.code]
        self.body = body
        self.name = body["name"]
        self.kind = body["kind"]
        self.is_street = self.kind == "街道"
        self.features = set(spec["features"]) | {"all", self.code, self.kind, "street" if self.is_street else "town"}
        self.offices = [o["name"] for o in body.get("offices", [])]
        self.windows = [w["name"] for w in body.get("service_center", {}).get("windows", [])]
        self.short = self.kind
        self.gov = "街道办事处" if self.is_street else f"{self.kind}人民政府"
        if self.is_street:
            cun = "社区（村）" if "rural" in self.features else "社区"
        else:
            cun = "村（社区）"
        self.words = {
            "cun": cun, "short": self.short, "gov": self.gov, "ben": "本" + self.kind, "name": self.name,
            "dang": "街道党工委" if self.is_street else f"{self.kind}党委",
            "renda": "人大街道工作委员会" if self.is_street else f"{self.kind}人大主席团",
        }
        self.categories = STREET_CATEGORIES if self.is_street else TOWN_CATEGORIES

    def applies(self, scope):
        return any(token in self.features for token in (scope or "all").split())

    def fill(self, text, **extra):
        words = dict(self.words, **extra)
        return re.sub(r"\{(\w+)\}", lambda m: words[m.group(1)], text)

    def office(self, role):
        for name in self.data.county["offices"][role]:
            if name in self.offices:
                return name
        raise SystemExit(f"{self.name}没有承担“{role}”的内设机构（content/bodies/{self.code}.toml）")

    def window(self, role):
        for name in self.data.county["windows"][role]:
            if name in self.windows:
                return name
        raise SystemExit(f"{self.name}便民服务中心没有“{role}”窗口（content/bodies/{self.code}.toml）")

    def variant(self, entry, key):
        """A value that may differ between towns and streets: `key_street`, or "town|street"."""
        if self.is_street and entry.get(key + "_street") is not None:
            return entry[key + "_street"]
        value = entry.get(key)
        if isinstance(value, str) and "|" in value:
            town, street = value.split("|", 1)
            return street if self.is_street else town
        return value


# --------------------------------------------------------------------------------------------
# Item builders (each returns an ordered list of (key, value) plus a sort key)


def responsibilities(t, item_type, origin, name, dept, report=None):
    """责任事项, 依据, 追责对象范围, 追责情形 of a power the township exercises, from templates.toml."""
    tpl = t.data.templates
    per_type = tpl["type"][item_type]
    duties = per_type["duties"]
    if item_type == "行政强制":
        variant = "拆除" if name.startswith("拆除") else "default"
    elif item_type == "行政检查":
        variant = "default" if (dept or report) else "noreport"
    elif item_type == "其他行政权力":
        variant = "备案" if "备案" in name else "default"
    elif origin in duties:
        variant = origin
    else:
        variant = "default"
    item = name
    if item_type == "行政处罚":
        item = re.sub(r"^对", "", re.sub(r"的处罚$", "", name))
    dept_name = t.data.dept_short(report or dept) if (report or dept) else ""
    return [
        ("duties", t.fill(duties[variant], dept=dept_name, item=item)),
        ("duty_basis", per_type["duty_basis"]),
        ("accountability_scope", t.fill(tpl["accountability_scope"])),
        ("accountability", t.fill(per_type["accountability"])),
    ]


def standard_note(t, origin, dept):
    if not dept:
        return ""
    d = t.data.dept_short(dept)
    if origin == "下放":
        return f"由{d}下放实施，{d}负责业务指导、培训和监督。"
    if origin == "委托":
        return f"{d}委托实施，以{d}名义作出决定，{d}对委托实施的后果承担法律责任。"
    if origin == "延伸":
        return f"{d}延伸至{t.name}便民服务中心受理，由{d}办理并出具结果。"
    return ""


def subject(t, origin, dept):
    if not dept or origin not in ("委托", "延伸"):
        return None
    full = t.data.bodies[dept]["name"]
    if origin == "延伸":
        return full
    if t.is_street:
        return f"{full}（委托青山县人民政府{t.name}办事处实施）"
    return f"{full}（委托青山县{t.name}人民政府实施）"


class Entry:
    """An item of a township in some part, before codes and numbers are assigned."""

    def __init__(self, part, key, fields, category, subcategory, letters, rank, legacy=None):
        self.part = part
        self.key = key  # stable identity within the township, across states
        self.fields = fields  # [(key, value)] without code/number/category
        self.category = category
        self.subcategory = subcategory
        self.letters = letters
        self.rank = rank  # catalog order
        self.legacy = legacy  # a code kept from the earlier example (e.g. "XK-001")
        self.code = None
        self.states = None  # the states it is listed in; None: all
        self.edits = []  # [(from_state, key, old, new)]: text edits of a later adjustment
        self.departments = []  # support items: [(dept, duty)]
        self.guide = None  # window items: the 办事指南 and 一件事 (written unless --release)


def power_entry(t, p, index):
    item_type = p["type"]
    origin = p["origin"]
    dept = p.get("department")
    fields = [("name", p["name"]), ("type", item_type), ("origin", origin)]
    if dept:
        fields.append(("department", dept))
    subj = subject(t, origin, dept)
    if subj:
        fields.append(("subject", subj))
    if p.get("office"):
        fields.append(("office", t.office(p["office"])))
    if p.get("window"):
        fields.append(("window", t.window(p["window"])))
    if p.get("guidance"):
        fields.append(("guidance", p["guidance"]))
    fields.append(("level", "街道级" if t.is_street else "乡镇级"))
    fields.append(("basis", p["basis"]))
    fields += responsibilities(t, item_type, origin, p["name"], dept, p.get("report"))
    note = standard_note(t, origin, dept) + p.get("note", "")
    if note:
        fields.append(("note", note))
    serial = p.get("serials", {}).get(t.code, p["serial"])
    entry = Entry("basic", "P:" + p["name"], fields, t.variant(p, "category"), t.variant(p, "subcategory"),
                  TYPE_LETTERS[item_type], (2, index), legacy=serial)
    if p.get("window"):
        entry.guide = guide_for(t, p, index)
    return entry


# The online-service addresses of the (fictional) provincial government-service portal.
ONLINE = "https://zwfw.dongjiang.example.gov.cn/qingshan/item/"
MOBILE = "https://m.zwfw.dongjiang.example.gov.cn/i/"
TYPE_DIGITS = {"行政许可": "01", "行政给付": "05", "行政确认": "07", "其他行政权力": "10", "公共服务": "20"}


def guide_for(t, p, index):
    """The 办事指南 of a window item ([basic.guide]) and its 一件事 tags, from guides.toml."""
    g = t.data.guides.get(p["name"])
    if g is None:
        raise SystemExit(f"便民服务中心窗口事项“{p['name']}”在 scripts/county/guides.toml 中没有办事指南")
    code = f"{t.body['official_code']}{TYPE_DIGITS[p['type']]}{index + 1:05d}"
    steps = g.get("steps") or t.data.guides_table["steps"][p["type"]]
    materials = []
    for m in g["materials"]:
        name, form, copies, *slug = m.split("|")
        material = {"name": name, "form": form, "copies": int(copies)}
        if slug:
            material["blank"] = f"forms/{slug[0]}.docx"
            material["sample"] = f"forms/{slug[0]}-sample.docx"
        materials.append(material)
    return {
        "events": g["events"],
        "service_code": code,
        "conditions": t.fill(g["conditions"]),
        "legal_limit": g["limits"][0],
        "promised_limit": g["limits"][1],
        "fee": False,
        "visits": g["visits"],
        "result": g["result"],
        "online": ONLINE + code,
        "mobile": MOBILE + code,
        "materials": materials,
        "steps": [{"name": n, "limit": limit.replace("{check}", g["check"])} for n, limit in steps],
        "questions": [{"question": q_, "answer": t.fill(a)} for q_, a in g.get("questions", [])],
    }


def duty_entry(t, d, index, key=None):
    name = t.fill(t.variant(d, "name"))
    fields = [("name", name), ("tasks", t.fill(t.variant(d, "tasks")))]
    basis = t.variant(d, "basis")
    if basis:
        fields.append(("basis", basis))
    fields.append(("office", t.office(d["office"])))
    category = t.variant(d, "category")
    return Entry("basic", key or "D:" + d["name"], fields, category, t.variant(d, "subcategory"),
                 CATEGORY_LETTERS[category], (1, index))


def assigned_entry(t, a, index, admission):
    entry = duty_entry(t, a, index, key="A:" + a["admission"])
    entry.fields.insert(len(entry.fields), ("assigned_by", admission["department"]))
    entry.fields.insert(len(entry.fields), ("admission", a["admission"]))
    entry.rank = (0, index)
    return entry


def enforcement_basic_entry(t, e, index):
    group = e["group"]
    dept = group["department"]
    legal = "法定" if e.get("guidance") in ("DJ-ZF-045", "DJ-ZF-046") else "下放"
    fields = [("name", e["name"]), ("type", e["type"]), ("origin", legal)]
    if legal != "法定":
        fields.append(("department", dept))
    fields.append(("office", t.office("执法")))
    if e["guidance"]:
        fields.append(("guidance", e["guidance"]))
    fields.append(("level", "街道级" if t.is_street else "乡镇级"))
    fields.append(("basis", e["basis"]))
    fields += responsibilities(t, e["type"], legal, e["name"], dept)
    note = standard_note(t, legal, dept if legal != "法定" else None)
    if note:
        fields.append(("note", note))
    category, subcategory = (group["basic_street"] if t.is_street else group["basic"]).split("/")
    return Entry("basic", "E:" + e["name"], fields, category, subcategory, TYPE_LETTERS[e["type"]], (3, index))


MODES = {
    "发现报告": "{short}综合行政执法队和{cun}网格员在日常巡查中发现的，及时报告{dept}",
    "劝阻制止": "对正在实施的违法行为及时劝阻、制止，劝阻无效的固定现场证据并在 24 小时内报告{dept}",
    "协助配合": "{dept}依法查处时，{short}提供当事人和现场情况，协助调查取证、文书送达和现场秩序维护",
    "协助检查": "{dept}开展检查时，{short}提供检查对象底册，协助现场检查并督促问题整改",
    "信息共享": "{short}通过基层治理综合信息平台推送巡查发现的问题线索，{dept}按月反馈处置结果",
}


def after_recall(t, e, rng):
    """工作方式: how the township still acts on a recalled matter."""
    dept = t.data.dept_short(e["group"]["department"])
    if e["type"] == "行政处罚":
        modes = [["发现报告"], ["劝阻制止"], ["发现报告", "协助配合"], ["劝阻制止", "协助配合"]][rng.below(4)]
    elif e["type"] == "行政检查":
        modes = [["协助检查"], ["信息共享"], ["协助检查", "信息共享"]][rng.below(3)]
    else:
        modes = ["协助配合"]
    parts = []
    for mode in modes:
        label = "协助配合" if mode == "协助检查" else mode
        parts.append(label + "：" + t.fill(MODES[mode], dept=dept))
    return "；".join(parts) + "。"


def recalled_entry(t, e, index, rng, state_of_recall, data):
    group = e["group"]
    fields = [("name", e["name"]), ("type", e["type"]), ("basis", e["basis"]), ("department", group["department"]),
              ("after_recall", after_recall(t, e, rng))]
    s = data.state(state_of_recall)
    fields.append(("recalled_on", s["effective"]))
    fields.append(("recall_document", s["document"]))
    if e["guidance"]:
        fields.append(("guidance", e["guidance"]))
    return Entry("recalled", "E:" + e["name"], fields, group["field"], None, "SH", (0, index))


def support_entry(t, s, index):
    data = t.data
    if s.get("territorial"):
        matter = data.territorial[s["territorial"]]
        name = matter["name"]
        category = {"生态环境": "生态环境保护"}.get(matter["domain"], matter["domain"])
        basis = s.get("basis") or matter.get("basis")
    else:
        name = s["name"]
        category = s["category"]
        basis = s.get("basis")
    fields = [("name", name)]
    if s.get("territorial"):
        fields.append(("territorial", s["territorial"]))
    fields.append(("township_duty", t.fill(s["township_duty"])))
    if basis:
        fields.append(("basis", basis))
    if s.get("office"):
        fields.append(("office", t.office(s["office"])))
    entry = Entry("support", "S:" + name, fields, category, None, "PH", (0 if s.get("territorial") else 1, index))
    entry.departments = [tuple(d) for d in s["departments"]] + [tuple(d) for d in s.get("supporting", [])]
    return entry


def support_scope(data, s):
    if s.get("territorial"):
        note = data.territorial[s["territorial"]].get("note", "")
        if note not in TERRITORIAL_SCOPES:
            raise SystemExit(f"属地管理事项 {s['territorial']} 的备注“{note}”没有对应的适用范围（scripts/county.py）")
        return TERRITORIAL_SCOPES[note], s.get("scope")
    return s.get("scope", "all"), None


# --------------------------------------------------------------------------------------------
# Building a township's lists


def build_township(data, spec, seed):
    t = Township(data, spec)
    moves = data.county.get("move", [])
    moved_names = {m["name"]: m for m in moves}
    admissions = {a["code"]: a for a in data.admission["item"]}

    # Basic: mandatory and optional candidates.
    mandatory, optional = [], []
    for i, d in enumerate(data.duties):
        if d["name"] in moved_names:
            continue
        if t.applies(d.get("scope")):
            (mandatory if d.get("p", 1) >= 1 else optional).append((d.get("p", 1), duty_entry(t, d, i)))
    for i, p in enumerate(data.powers):
        if t.applies(p.get("scope")):
            (mandatory if p.get("p", 1) >= 1 else optional).append((p.get("p", 1), power_entry(t, p, i)))
    kept, batch2, candidates = [], [], []
    for i, e in enumerate(data.enforcement):
        if not t.applies(e["scope"]):
            continue
        keep = False
        for flag in e["flags"]:
            if flag == "keep" or (flag.startswith("keep=") and t.applies(flag[5:])):
                keep = True
        if keep:
            kept.append(enforcement_basic_entry(t, e, i))
        elif "b2" in e["flags"]:
            batch2.append((i, e))
        else:
            candidates.append((i, e))

    # Items that exist only in some states: assigned through 准入, and moved between townships.
    stateful = []  # (entry, states)
    for i, a in enumerate(data.county.get("assigned", [])):
        adm = admissions[a["admission"]]
        if adm["townships"] and t.code not in adm["townships"]:
            continue
        stateful.append((assigned_entry(t, a, i, adm), set(a.get("states", data.state_ids))))
    for i, d in enumerate(data.duties):
        move = moved_names.get(d["name"])
        if not move:
            continue
        if t.code == move["from"]:
            stateful.append((duty_entry(t, d, i), {s for s in data.state_ids if s < move["from_state"]}))
        elif t.code == move["to"]:
            stateful.append((duty_entry(t, d, i), {s for s in data.state_ids if s >= move["from_state"]}))

    final_fixed = len(mandatory) + len(kept) + sum(1 for _, states in stateful if 3 in states)
    need = spec["basic"] - final_fixed
    rng = Rng(f"{seed}/{t.code}/basic")
    if need < 0:
        warn(f"{t.name}：必选的基本履职事项已有 {final_fixed} 项，超过目标 {spec['basic']} 项")
        need = 0
    if need > len(optional):
        warn(f"{t.name}：可选的基本履职事项只有 {len(optional)} 项，达不到目标 {spec['basic']} 项")
    chosen = weighted_pick(rng, optional, need)
    core = [e for _, e in mandatory] + chosen + kept

    # Recalled: batch 2 (basic in state 1, recalled from state 2) and the rest chosen by weight.
    need = spec["recalled"] - len(batch2)
    rng = Rng(f"{seed}/{t.code}/recalled")
    pool = [(3.0 if e["guidance"] else 1.0, (i, e)) for i, e in candidates]
    if need > len(pool):
        warn(f"{t.name}：可收回的执法事项只有 {len(pool) + len(batch2)} 项，达不到目标 {spec['recalled']} 项")
    recalled_first = weighted_pick(rng, pool, max(need, 0))
    rng = Rng(f"{seed}/{t.code}/after-recall")
    recalled1 = [recalled_entry(t, e, i, rng, 1, data) for i, e in recalled_first]
    recalled2 = [recalled_entry(t, e, i, rng, 2, data) for i, e in batch2]
    batch2_basic = [enforcement_basic_entry(t, e, i) for i, e in batch2]

    # Support: territorial matters in scope, then other matters up to the target.
    mandatory_s, optional_s = [], []
    for i, s in enumerate(data.supports):
        scope, narrow = support_scope(data, s)
        if not t.applies(scope) or (narrow and not t.applies(narrow)):
            continue
        entry = support_entry(t, s, i)
        (mandatory_s if s.get("territorial") or s.get("p", 1) >= 1 else optional_s).append((s.get("p", 1), entry))
    need = spec["support"] - len(mandatory_s)
    rng = Rng(f"{seed}/{t.code}/support")
    if need < 0:
        warn(f"{t.name}：必选的配合履职事项已有 {len(mandatory_s)} 项，超过目标 {spec['support']} 项")
    if need > len(optional_s):
        warn(f"{t.name}：可选的配合履职事项只有 {len(optional_s)} 项，达不到目标 {spec['support']} 项")
    support = [e for _, e in mandatory_s] + weighted_pick(rng, optional_s, max(need, 0))

    lists = TownshipLists(t)
    lists.assign_codes(core + batch2_basic + [e for e, _ in stateful], support, recalled1 + recalled2)
    lists.core, lists.batch2_basic, lists.stateful = core, batch2_basic, stateful
    lists.support, lists.recalled1, lists.recalled2 = support, recalled1, recalled2
    apply_changes(data, t, lists)
    return lists


def apply_changes(data, t, lists):
    """The later adjustments of `county.toml` ([[change]]): merges, splits, recalls, new
    supporting items and text edits of one township from `from_state` on. Their new items get
    codes after every other item's, so no earlier code moves."""
    basic = lists.core + lists.batch2_basic + [e for e, _ in lists.stateful]

    def find(entries, name):
        for e in entries:
            if dict(e.fields).get("name") == name:
                return e
        raise SystemExit(f"{t.name}：scripts/county/county.toml 的调整引用了不存在的事项“{name}”")

    for change in data.county.get("change", []):
        if change.get("township", t.code) != t.code:
            continue
        start = change["from_state"]
        before = {s for s in data.state_ids if s < start}
        after = {s for s in data.state_ids if s >= start}
        kind = change["kind"]
        if kind in ("merge", "split"):
            olds = [find(basic, n) for n in (change["items"] if kind == "merge" else [change["item"]])]
            for old in olds:
                old.states = before
            for n, new in enumerate(change["into"] if kind == "split" else [change["into"]]):
                d = dict(new, category=olds[0].category, subcategory=olds[0].subcategory,
                         office=new.get("office") or change["office"])
                entry = duty_entry(t, d, 1000 + n, key=f"C:{start}:{d['name']}")
                entry.states = after
                lists.core.append(entry)
                lists.new_code(entry, entry.letters)
        elif kind == "recall":
            old = find(lists.core, change["item"])
            old.states = before
            e = next(e for e in data.enforcement if e["name"] == change["item"])
            entry = recalled_entry(t, e, 1000, Rng(f"{data.county['seed']}/{t.code}/change"), start, data)
            entry.states = after
            lists.recalled1.append(entry)
            lists.new_code(entry, "SH")
        elif kind == "support":
            entry = support_entry(t, change["support"], 1000)
            entry.states = after
            lists.support.append(entry)
            lists.new_code(entry, "PH")
        elif kind == "edit":
            for e in basic + lists.support + lists.recalled1 + lists.recalled2:
                if dict(e.fields).get("name") == change["item"]:
                    e.edits.append((start, change["field"], change["old"], change["new"]))
        else:
            raise SystemExit(f"scripts/county/county.toml：未知的调整类型“{kind}”")


class TownshipLists:
    def __init__(self, t):
        self.t = t

    def order_key(self, entry):
        cats = self.t.categories
        if entry.category not in cats:
            raise SystemExit(f"{self.t.name}：事项“{entry.fields[0][1]}”的类别“{entry.category}”不适用于{self.t.kind}")
        return (cats.index(entry.category), SUBCATEGORY_RANK.get((entry.category, entry.subcategory), 999), entry.rank)

    def new_code(self, entry, letters):
        entry.code = self.next_code(letters)

    def assign_codes(self, basic, support, recalled):
        """Codes are given once over everything a township lists in any state, so an item keeps
        its code from release to release (the diff pairs items by code first)."""
        used = set()
        for e in basic:
            if e.legacy:
                e.code = f"{self.t.prefix}-{e.legacy}"
                if e.code in used:
                    raise SystemExit(f"{self.t.name}：沿用的事项编码 {e.code} 重复")
                used.add(e.code)
        counters = {}

        def next_code(letters):
            n = counters.get(letters, 0)
            while True:
                n += 1
                code = f"{self.t.prefix}-{letters}-{n:03d}"
                if code not in used:
                    counters[letters] = n
                    used.add(code)
                    return code

        for e in sorted(basic, key=self.order_key):
            if not e.code:
                e.code = next_code(e.letters)
        for e in sorted(support, key=lambda e: e.rank):
            e.code = next_code("PH")
        for e in sorted(recalled, key=lambda e: e.rank):
            e.code = next_code("SH")
        self.next_code = next_code

    def state_lists(self, state):
        basic = list(self.core) + [e for e, states in self.stateful if state in states]
        recalled = list(self.recalled1)
        if state == 1:
            basic += self.batch2_basic
        else:
            recalled += self.recalled2

        def listed(entries):
            return [e for e in entries if e.states is None or state in e.states]

        basic = sorted(listed(basic), key=self.order_key)
        recalled = sorted(listed(recalled), key=lambda e: e.rank)
        support = sorted(listed(self.support), key=lambda e: e.rank)
        return basic, support, recalled


SUBCATEGORY_RANK = {}


def rank_subcategories(data):
    """Subcategories appear in the order the tables first name them (duties, then powers, then
    the enforcement catalog), so the printed list groups like the catalog."""
    seen = []
    for d in data.duties + data.county.get("assigned", []):
        for cat, sub in ((d.get("category"), d.get("subcategory")), (d.get("category_street"), d.get("subcategory_street"))):
            if cat and (cat, sub) not in seen:
                seen.append((cat, sub))
    for p in data.powers:
        cats, subs = p["category"].split("|"), p["subcategory"].split("|")
        for cat, sub in zip(cats, subs):
            if (cat, sub) not in seen:
                seen.append((cat, sub))
    for g in data.groups:
        for key in ("basic", "basic_street"):
            cat, sub = g[key].split("/")
            if (cat, sub) not in seen:
                seen.append((cat, sub))
    for i, k in enumerate(seen):
        SUBCATEGORY_RANK[k] = i


# --------------------------------------------------------------------------------------------
# Writing TOML


def q(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(q(v) for v in value) + "]"
    text = str(value)
    if "\n" in text:
        if '"""' in text:
            raise SystemExit(f"文字中不能有三个连续的引号：{text[:40]}")
        return '"""\n' + text.replace("\\", "\\\\") + '"""'
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def renamed(data, name, state):
    for r in data.county.get("rename", []):
        if r["old"] == name and state >= r["from_state"]:
            return r["new"]
    return name


def write_guide(out, part, g):
    out.append(f"events = {q(g['events'])}")
    out.append("")
    out.append(f"[{part}.guide]")
    for key in ("service_code", "conditions", "legal_limit", "promised_limit", "fee", "visits", "result", "online",
                "mobile"):
        out.append(f"{key} = {q(g[key])}")
    for table in ("materials", "steps", "questions"):
        for row in g[table]:
            out.append("")
            out.append(f"[[{part}.guide.{table}]]")
            for key, value in row.items():
                out.append(f"{key} = {q(value)}")


def write_list(data, lists, state, path, guides=True):
    t = lists.t
    s = data.state(state)
    basic, support, recalled = lists.state_lists(state)
    out = [
        "# 由 scripts/county.py 生成（示例县数据）；修改 scripts/county/ 中的表后重新生成。",
        f"body = {q(t.code)}",
        f"title = {q(t.name + '履行职责事项清单')}",
        f"document = {q(s['document'])}",
        f"effective = {q(s['effective'])}",
    ]
    for part, entries in (("basic", basic), ("support", support), ("recalled", recalled)):
        for n, e in enumerate(entries, 1):
            out.append("")
            out.append(f"[[{part}]]")
            out.append(f"code = {q(e.code)}")
            out.append(f"number = {q(str(n))}")
            if part != "support" or e.category:
                out.append(f"category = {q(e.category)}")
            if e.subcategory:
                out.append(f"subcategory = {q(e.subcategory)}")
            for key, value in e.fields:
                if key == "name":
                    value = renamed(data, value, state)
                if key == "duties" and value:
                    old = next(v for k, v in e.fields if k == "name")
                    new = renamed(data, old, state)
                    if new != old:
                        value = value.replace(re.sub(r"^对|的处罚$", "", old), re.sub(r"^对|的处罚$", "", new))
                for from_state, field, old, new in e.edits:
                    if field == key and state >= from_state:
                        if old not in value:
                            raise SystemExit(f"{t.name} {e.code}：{key} 中没有要改的文字“{old}”")
                        value = value.replace(old, new)
                out.append(f"{key} = {q(value)}")
            if guides and e.guide:
                write_guide(out, part, e.guide)
            for dept, duty in e.departments:
                out.append("")
                out.append("[[support.departments]]")
                out.append(f"department = {q(dept)}")
                out.append(f"duty = {q(duty)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    return len(basic), len(support), len(recalled)


# Sample values for the filled-in forms (样表), by field name; the rest say "（按实际填写）".
SAMPLE_VALUES = {
    "姓名": "王秀英", "申请人姓名": "王秀英", "老人姓名": "李德贵", "学生姓名": "王小明", "逝者姓名": "李德贵",
    "女方姓名": "王秀英", "男方姓名": "张建国", "身份证号码": "339012199001011234（示例，请填本人号码）",
    "女方身份证号码": "339012199001011234（示例）", "男方身份证号码": "339012198805051234（示例）",
    "逝者身份证号码": "339012193505051234（示例）", "联系电话": "138 0000 0000（示例）",
    "家庭住址": "青山县塘溪镇塘溪村 3 组 12 号", "户籍地址": "青山县塘溪镇塘溪村 3 组 12 号",
    "户籍地": "青山县塘溪镇", "现居住地": "青山县塘溪镇塘溪村", "出生日期": "1940 年 5 月 5 日",
}


def docx(path, title, rows):
    """A minimal Word document (title and a two-column table), written with fixed timestamps so the
    same tables give the same bytes."""
    import zipfile
    from xml.sax.saxutils import escape

    def para(text, bold=False):
        run = "<w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr>" if bold else ""
        return f"<w:p><w:r>{run}<w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"

    border = "".join(f"<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    cells = "".join(
        f"<w:tr><w:tc><w:tcPr><w:tcW w:w=\"2800\" w:type=\"dxa\"/></w:tcPr>{para(k)}</w:tc>"
        f"<w:tc><w:tcPr><w:tcW w:w=\"6200\" w:type=\"dxa\"/></w:tcPr>{para(v)}</w:tc></w:tr>"
        for k, v in rows)
    body = (para(title, bold=True) + f"<w:tbl><w:tblPr><w:tblBorders>{border}</w:tblBorders></w:tblPr>{cells}</w:tbl>"
            + para("申请人（签名）：            日期：    年  月  日"))
    document = ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                f"<w:body>{body}</w:body></w:document>")
    parts = [
        ("[Content_Types].xml",
         "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
        ("_rels/.rels",
         "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
         "officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
        ("word/document.xml", document),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def write_forms(data, forms_dir):
    """The blank forms and filled samples guides.toml names (content/files/forms/)."""
    os.makedirs(forms_dir, exist_ok=True)
    for slug, form in sorted(data.guides_table["forms"].items()):
        docx(os.path.join(forms_dir, slug + ".docx"), form["title"], [(f, "") for f in form["fields"]])
        sample = [(f, SAMPLE_VALUES.get(f, "（按实际填写）")) for f in form["fields"]]
        docx(os.path.join(forms_dir, slug + "-sample.docx"), form["title"] + "（样表）", sample)


ADMISSION_GENERATOR_KEYS = ("states", "changes")


def admission_items(data, state):
    items = []
    for item in data.admission["item"]:
        if state not in item.get("states", data.state_ids):
            continue
        fields = {k: v for k, v in item.items() if k not in ADMISSION_GENERATOR_KEYS}
        for from_state, change in sorted(item.get("changes", {}).items()):
            if state >= int(from_state):
                fields.update(change)
        items.append(fields)
    return items


def write_admission(data, state, path):
    a = data.admission
    document = a["document"]
    for from_state, doc in sorted(a.get("documents", {}).items()):
        if state >= int(from_state):
            document = doc
    out = [
        "# 由 scripts/county.py 生成（示例县数据）；修改 scripts/county/admission.toml 后重新生成。",
        f"title = {q(a['title'])}",
        f"document = {q(document)}",
    ]
    for item in admission_items(data, state):
        out.append("")
        out.append("[[item]]")
        for key, value in item.items():
            out.append(f"{key} = {q(value)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_adjustments(data, state, path):
    """content/adjustments.toml: the causes of the changes the state makes (its entries in
    county.toml's [[adjustment]], from_state = state); no file when it names none."""
    entries = [a for a in data.county.get("adjustment", []) if a["state"] == state]
    if not entries:
        if os.path.exists(path):
            os.remove(path)
        return
    out = ["# 由 scripts/county.py 生成（示例县数据）：本次调整各项变化的原因；修改 scripts/county/county.toml 后重新生成。"]
    for a in entries:
        out.append("")
        out.append("[[adjustment]]")
        for key, value in a.items():
            if key != "state":
                out.append(f"{key} = {q(value)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


# --------------------------------------------------------------------------------------------
# Checking what was written


PROBLEMS = []


def warn(message):
    PROBLEMS.append(message)


def check_output(data, root, state, specs):
    """Reads the written files back (so TOML syntax is checked too) and checks the rules
    `qingdan check` enforces on the new fields, plus the shape the example promises."""
    content = os.path.join(root, "content")
    admission = {a["code"]: a for a in load(os.path.join(content, "admission.toml"))["item"]}
    departments = {c for c, b in data.bodies.items() if b["kind"] == "部门"}
    rows = []
    for spec in specs:
        code = spec["code"]
        path = os.path.join(content, "lists", code + ".toml")
        lst = load(path)
        body = data.bodies[code]
        offices = {o["name"] for o in body.get("offices", [])}
        windows = {w["name"] for w in body.get("service_center", {}).get("windows", [])}
        where = f"content/lists/{code}.toml"
        codes, guidance = set(), set()
        party = 0
        categories = set()
        for part in ("basic", "support", "recalled"):
            for item in lst.get(part, []):
                label = f"{where} {item['code']}"
                if not CODE_RE.match(item["code"]):
                    warn(f"{label}：事项编码含有不允许的字符")
                if item["code"] in codes:
                    warn(f"{label}：事项编码重复")
                codes.add(item["code"])
                if item.get("office") and item["office"] not in offices:
                    warn(f"{label}：承办机构“{item['office']}”不在主体的内设机构中")
                if item.get("window") and item["window"] not in windows:
                    warn(f"{label}：窗口“{item['window']}”不在便民服务中心")
                for key in ("department", "assigned_by"):
                    if item.get(key) and item[key] not in departments:
                        warn(f"{label}：{key} “{item[key]}”不是县直部门")
                if item.get("guidance"):
                    if item["guidance"] not in data.guidance:
                        warn(f"{label}：指导目录事项 {item['guidance']} 不存在")
                    if part != "support":
                        if item["guidance"] in guidance:
                            warn(f"{label}：指导目录事项 {item['guidance']} 在本主体中被引用了两次")
                        guidance.add(item["guidance"])
                if part == "basic":
                    categories.add(item["category"])
                    party += item["category"] == "党的建设"
                    if item.get("assigned_by"):
                        adm = admission.get(item.get("admission"))
                        if not adm:
                            warn(f"{label}：准入事项 {item.get('admission')} 不存在")
                        elif adm["status"] != "准入" or adm["department"] != item["assigned_by"] or (
                                adm["townships"] and code not in adm["townships"]):
                            warn(f"{label}：准入事项 {adm['code']} 不是 {item['assigned_by']} 对本主体准入的事项")
                if part == "support":
                    depts = [d["department"] for d in item.get("departments", [])]
                    if not depts:
                        warn(f"{label}：配合事项没有对应上级部门")
                    for d in depts:
                        if d not in departments:
                            warn(f"{label}：对应上级部门“{d}”不是县直部门")
                    if item.get("territorial"):
                        matter = data.territorial.get(item["territorial"])
                        if not matter:
                            warn(f"{label}：属地管理事项 {item['territorial']} 不存在")
                        else:
                            primary, extra = set(matter["primary"]), set(depts) - set(matter["primary"])
                            if not primary <= set(depts) or not extra <= set(matter.get("supporting", [])):
                                warn(f"{label}：对应上级部门与属地管理事项 {matter['code']} 的主体责任部门不一致")
                if part == "recalled" and not item.get("department"):
                    warn(f"{label}：收回事项没有承接部门")
        kinds = STREET_CATEGORIES if body["kind"] == "街道" else TOWN_CATEGORIES
        missing = [c for c in kinds if c not in categories]
        if missing:
            warn(f"{where}：没有使用类别 {'、'.join(missing)}")
        extra = categories - set(kinds)
        if extra:
            warn(f"{where}：使用了不适用的类别 {'、'.join(sorted(extra))}")
        if party < 20:
            warn(f"{where}：党的建设事项只有 {party} 项")
        counts = tuple(len(lst.get(p, [])) for p in ("basic", "support", "recalled"))
        if state == 3 and counts != (spec["basic"], spec["support"], spec["recalled"]):
            warn(f"{where}：事项数 {counts} 与目标 {(spec['basic'], spec['support'], spec['recalled'])} 不一致")
        rows.append((body["name"], body["kind"]) + counts + (party,))
    return rows


def main():
    parser = argparse.ArgumentParser(description="生成示例县青山县的乡镇（街道）履行职责事项清单和职责准入清单")
    parser.add_argument("--state", type=int, default=4, choices=[1, 2, 3, 4], help="生成哪个状态（默认 4，即当前内容）")
    parser.add_argument("--root", default=REPO, help="站点目录（默认为本仓库）")
    parser.add_argument("--quiet", action="store_true", help="只报告问题")
    parser.add_argument("--release", action="store_true",
                        help="生成发布时的样子：不写发布之后才加的办事指南和一件事（scripts/county-releases 使用）")
    parser.add_argument("--release-args", action="store_true",
                        help="不生成，只输出发布该状态所需的 qingdan release 参数和 SOURCE_DATE_EPOCH（以 NUL 分隔）")
    args = parser.parse_args()
    data = Data(args.root)
    if args.release_args:
        s = data.state(args.state)
        released = s["released"]
        epoch = (released.toordinal() - released.replace(year=1970, month=1, day=1).toordinal()) * 86400
        out = [str(epoch), "--title", s["title"], "--effective", s["effective"].isoformat()]
        for document in s["documents"]:
            out += ["--document", document]
        out += ["--note", s["note"]]
        sys.stdout.write("\0".join(out) + "\0")
        return 0
    rank_subcategories(data)
    seed = data.county["seed"]
    specs = data.county["township"]
    built = [build_township(data, spec, seed) for spec in specs]
    lists_dir = os.path.join(args.root, "content", "lists")
    os.makedirs(lists_dir, exist_ok=True)
    write_admission(data, args.state, os.path.join(args.root, "content", "admission.toml"))
    for lists in built:
        write_list(data, lists, args.state, os.path.join(lists_dir, lists.t.code + ".toml"), not args.release)
    write_adjustments(data, args.state, os.path.join(args.root, "content", "adjustments.toml"))
    if not args.release:
        write_forms(data, os.path.join(args.root, "content", "files", "forms"))
    rows = check_output(data, args.root, args.state, specs)
    if not args.quiet:
        s = data.state(args.state)
        print(f"状态 {args.state}：{s['title']}（{s['document']}，{s['effective']} 施行）")
        print(f"{'乡镇（街道）':<8}\t基本\t配合\t收回\t合计\t党的建设")
        totals = [0, 0, 0]
        for name, kind, b, sp, r, party in rows:
            totals = [totals[0] + b, totals[1] + sp, totals[2] + r]
            print(f"{name:<8}\t{b}\t{sp}\t{r}\t{b + sp + r}\t{party}")
        n = len(rows)
        print(f"{'合计':<8}\t{totals[0]}\t{totals[1]}\t{totals[2]}\t{sum(totals)}")
        print(f"{'平均':<8}\t{totals[0] / n:.0f}\t{totals[1] / n:.0f}\t{totals[2] / n:.0f}\t{sum(totals) / n:.0f}"
              f"\t配合和收回占 {(totals[1] + totals[2]) * 100 / sum(totals):.1f}%")
    for p in PROBLEMS:
        print("问题：" + p, file=sys.stderr)
    return 1 if PROBLEMS else 0


if __name__ == "__main__":
    sys.exit(main())
