"""Every clause of a point as a task: which clauses make one task, and what kind of task it is.

A task is a run of whole clauses of one sentence (a sentence ends in 。 or ；, a clause in
，), quoted word for word as its ``source``. The rules, each stated once:

* a clause that sets a **figure** is a task of its own (with its figures), and so is a
  clause that names an **end state** (啟動, 開工, 建成, 出臺, 制定, 舉辦, 實現…全覆蓋);
* the other clauses of a sentence are **duties** and make one open-ended task together
  (加快…, 深化…, 強化…, 推進… with no end state), as a decomposition's row quotes a sentence;
* a **framing** clause (堅持…, 以…為龍頭, 按照…, 在…的基礎上) belongs to the task after it, and a
  clause that states an **aim** (努力…, 切實…, 促進…, 確保… without a figure) to the task before it;
* a figure clause that says 分別 (respectively) takes the clauses before it that name what
  its figures are for (完善失業、工傷、生育保險制度，…，參保人數分別達到91萬、137萬和110萬人);
* a sentence that only frames (把…作為…來抓) commits to nothing: it is not a task, and says so.

An end state that names several projects or events (啟動甲、乙項目建設; 舉辦甲和乙) is one
task per project, each quoting the clause; one that names several parts of one deliverable
(制定實施意見和配套政策) is one task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import figures as F
from .text import bare, clauses, sentences, top_level_split

ADVERBS = ("進一步", "积极", "積極", "大力", "切實", "切实", "扎實", "扎实", "紮實", "認真", "认真", "全面", "深入", "著力", "着力",
           "努力", "穩步", "稳步", "穩妥", "稳妥", "繼續", "继续", "持續", "持续", "重點", "重点", "堅決", "坚决", "嚴格", "严格",
           "有序", "及時", "及时", "廣泛", "广泛", "主動", "主动", "不斷", "不断", "力爭", "力争", "確保", "确保", "全力", "高標準",
           "高标准", "多渠道", "分類", "分类", "聯動", "联动", "突出", "更加", "同時", "同时", "並", "并", "全年", "年內", "年内",
           "抓緊", "抓紧", "盡快", "尽快", "逐步", "率先", "按期", "如期", "加快", "进一步", "加大力度", "集中", "統籌", "统筹", "要")
FRAME = re.compile(r"^(?:堅持把|坚持把|把.{1,40}(?:作為|作为)|按照|圍繞|围绕|根據|根据|依託|依托|秉承|聚焦|立足|緊扣|紧扣|對照|对照|"
                   r"以.{1,30}(?:為|为)(?:龍頭|龙头|抓手|重點|重点|核心|主線|主线|引領|引领|導向|导向|目標|目标|載體|载体|突破口|牽引|牵引)|"
                   r"在.{1,60}(?:基礎上|基础上|同時|同时)|抓住.{1,30}(?:機遇|机遇)|為.{1,30}(?:目標|目标))")
AIM = re.compile(r"^(?:努力|切實(?!抓好|做好|加強|加强)|切实(?!抓好|做好|加強|加强)|千方百計|千方百计|不斷|不断|更好|促進|促进|再創|再创|優先|优先|"
                 r"穩步推進|稳步推进|確保(?!.*(?:建成|開工|开工|投用|通車|通车|竣工|完成))|确保(?!.*(?:建成|開工|开工|投用|通車|通车|竣工|完成))|"
                 r"著力(?:構建|构建|打造|提升|緩解|缓解|提供|營造|营造)|着力(?:构建|打造|提升|缓解|提供|营造)|"
                 r"實現.{0,20}化$|实现.{0,20}化$|以.{1,20}(?:帶動|带动|促進|促进|推動|推动)|為.{1,30}(?:創造|创造|提供)|为.{1,30}(?:创造|提供)|"
                 r"全面提高|全面提升|進一步(?:提高|提升|增強|增强|營造|营造|理順|理顺)|进一步(?:提高|提升|增强|营造|理顺))")
END_START = re.compile(r"^(?:啟動|启动|開工|开工|建成|出臺|出台|制定|研究制定|修訂|修订|修編|修编|編制|编制|舉辦|举办|承辦|承办|辦好|办好|"
                       r"召開|召开|申報|申报|組建|组建|成立|設立|设立|爭創|争创|創成|创成|獲批|获批|建立健全|完成(?!.*(?:工作|任務$|任务$)$)|"
                       r"做好.{0,30}(?:編制|编制|迎檢|迎检|驗收|验收|申報|申报)|實現.{0,30}全覆蓋|实现.{0,30}全覆盖)")
END_ANY = re.compile(r"(?<!早)(?:(?<![創创])建成(?!果)|投用|投運|投运|通車|通车|竣工|開工|开工|開業|开业|入駐|入驻|全覆蓋|全覆盖|爭創|争创|掛牌|挂牌|"
                     r"滿園運營|满园运营|建成投產|建成投产)")
RESPECTIVELY = re.compile(r"分別|分别")
# an end state's objects that are separate projects or events, not parts of one deliverable
SEPARATE = re.compile(r"^(?:啟動|启动|開工|开工|建成|舉辦|举办|承辦|承办|辦好|办好|召開|召开)|(?:建成|投用|通車|通车|竣工|開工|开工)")


@dataclass
class Found:
    """One task found in a text: its words, its kind, its figures, and what to check."""

    source: str
    kind: str  # figure | end | open
    figures: list = field(default_factory=list)  # (Figure, kind, notes)
    objects: list[str] = field(default_factory=list)  # end states named one by one
    due: F.Deadline | None = None
    notes: list[str] = field(default_factory=list)


def _strip_adverbs(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for a in ADVERBS:
            if text.startswith(a) and len(text) > len(a) + 1:
                text = text[len(a):]
                changed = True
    return text


def classify(clause: str) -> str:
    """figure, end, frame, aim or duty."""
    c = bare(clause).strip()
    if F.find(c):
        return "figure"
    if FRAME.match(c):
        return "frame"
    core = _strip_adverbs(c)
    if END_START.match(core) or (END_ANY.search(c) and not AIM.match(c)):
        return "end"
    if AIM.match(c):
        return "aim"
    return "duty"


def split(text: str) -> tuple[list[Found], list[str]]:
    """The tasks of a paragraph in the order of the text, and its sentences that are not tasks."""
    out: list[Found] = []
    not_tasks: list[str] = []
    for sentence in sentences(text):
        parts = clauses(sentence)
        kinds = [classify(c) for c in parts]
        if all(k == "frame" for k in kinds):
            not_tasks.append(bare(sentence))
            continue
        groups: list[tuple[str, list[str]]] = []
        pending: list[str] = []
        for part, k in zip(parts, kinds, strict=True):
            if k == "figure" and RESPECTIVELY.search(part):  # 參保人數分別達到…: the clauses it refers back to
                while groups and groups[-1][0] == "open":
                    pending = groups.pop()[1] + pending
            if k in ("figure", "end"):
                groups.append((k, pending + [part]))
                pending = []
            elif k == "frame":
                pending.append(part)
            elif k == "aim" and groups and not pending:
                groups[-1][1].append(part)
            elif groups and groups[-1][0] == "open" and not pending:
                groups[-1][1].append(part)
            else:
                groups.append(("open", pending + [part]))
                pending = []
        if pending:
            if groups:
                groups[-1][1].extend(pending)
            else:
                groups.append(("open", pending))
        for k, members in groups:
            out.extend(_found(k, members))
    return out, not_tasks


UNREAD = (f"這一句超過 {F.MAX_CLAUSE} 字（或有 {3 * F.MAX_FIGURES} 個以上的數）而沒有逗號分開，不像工作要點的一句："
          "起草時沒有讀其中的數字，請核對並按原文補上有數字的目標")


def _found(kind: str, members: list[str]) -> list[Found]:
    made = _made(kind, members)
    if any(F.unread(bare(m)) for m in members):
        made[0].notes.append(UNREAD)
    return made


def _made(kind: str, members: list[str]) -> list[Found]:
    source = bare("".join(members))
    if kind == "figure":
        found = Found(source, "figure")
        base = 0
        for m in members:
            for f in F.find(bare(m)):
                f.start += base
                f.end += base
                k, notes = F.kind(f, source)
                found.figures.append((f, k, notes))
            base += len(m)
        found.due = F.deadline(source)
        return [found]
    if kind == "end":
        return _ends(source)
    found = Found(source, "open")
    due = F.deadline(source)
    if due and due.quarter != "Q4":  # a duty with a deadline has an end: the deadline's
        found.kind, found.due = "end", due
    return [found]


def _ends(source: str) -> list[Found]:
    """An end-state clause: one task, or one per project or event when it names several.
    Full predicates joined by 、 (甲7月份建成、乙11月份建成) are separate tasks with sources of
    their own."""
    pieces = top_level_split(source, "、")
    if len(pieces) > 1 and all(END_ANY.search(p) or END_START.match(_strip_adverbs(p)) for p in pieces):
        return [Found(p, "end", due=F.deadline(p)) for p in pieces]
    found = Found(source, "end", due=F.deadline(source))
    core = _strip_adverbs(bare(source))
    if SEPARATE.search(core):
        found.objects = _objects(core)
    return [found]


_LIST_SEP = re.compile(r"、|(?<=[^\s])和(?=[^\s])|以及|及(?=[^\s])")


def _objects(core: str) -> list[str]:
    """The projects or events an end state names one by one (啟動甲、乙項目建設 → 啟動甲項目建設,
    啟動乙項目建設); [] when it names one."""
    m = re.match(r"^(啟動|启动|開工建設|开工建设|開工|开工|建成|舉辦|举办|承辦|承办|辦好|办好|召開|召开)(.+)$", core)
    if m:
        verb, rest, tail = m.group(1), m.group(2), ""
    else:
        m = re.match(r"^(.+?)(建成通車|建成通车|建成投用|建成|投用|通車|通车|竣工|開工|开工)(.*)$", core)
        if not m:
            return []
        verb, rest, tail = "", m.group(1), m.group(2) + m.group(3)
    if "“" in rest or "《" in rest:
        return []
    parts = [p for p in _LIST_SEP.split(rest) if p]
    if len(parts) < 2:
        return []
    suffix = re.search(r"(項目建設|项目建设|建設|建设|項目|项目|工程|活動|活动|大會|大会)$", parts[-1])
    common = suffix.group(1) if suffix and not any(p.endswith(suffix.group(1)) for p in parts[:-1]) else ""
    return [verb + (p if p.endswith(common) or not common else p + common) + tail for p in parts]


# ---- names --------------------------------------------------------------------------------

WINDOW = 80  # characters around a figure read for its name: a clause is rarely longer, and a longer one is never scanned whole per figure
_NAME_DROP = re.compile(r"^(?:力爭|力争|確保|确保|全年|年內|年内|努力實現|努力实现|實現|实现|著力|着力|重點|重点|全面|進一步|进一步|"
                        r"市區|市区|並|并|和|及|、)+")
_BAD = re.compile(r"[|<>`*_\\#\r\n]")


def clean_name(text: str, limit: int = 40) -> str:
    """A short label: no markup characters, at most ``limit`` characters (cut at a 、 when one is near)."""
    text = _BAD.sub("", text.replace("[", "【").replace("]", "】")).strip(" ，,、；;。")
    if len(text) > limit:
        cut = max(text.rfind("、", 0, limit), text.rfind("，", 0, limit), text.rfind(",", 0, limit))
        text = text[:cut] if cut >= limit // 2 else text[:limit]
    return text or "（待命名）"


def figure_name(source: str, f: F.Figure, previous_end: int) -> str:
    """The name of a figure: its words without the number, the unit and the meaning words
    around them (地區生產總值增長10% → 地區生產總值增長; 抓好46個老舊小區改造 → 抓好老舊小區改造)."""
    low = max(previous_end, f.start - WINDOW)
    seg_start = max(low, source.rfind("，", low, f.start) + 1, source.rfind(",", low, f.start) + 1)
    head = source[seg_start:f.start]
    head = re.sub(r"(控制在|控制|保持在|穩定在|稳定在|不低於|不低于|不少於|不少于|不超過|不超过|超過|超过|突破|達到|达到|分別|分别|超|為|为)+$", "", head)
    tail = source[f.end:f.end + WINDOW]
    tail = re.split(r"[，,。；;、]|(?<=[^\s])和(?=[^\s]*[0-9０-９])", tail)[0]
    if re.match(r"^[的]", tail):
        tail = tail[1:]
    name = _NAME_DROP.sub("", head.strip("、，, 和及")) + tail
    if name.startswith("的"):
        name = name[1:]
    return clean_name(name or head or source)


def task_name(source: str) -> str:
    """The name of a task: its first clause that is not a frame, without leading adverbs."""
    parts = [bare(p) for p in clauses(source + "。")]
    head = next((p for p in parts if not FRAME.match(p)), parts[0] if parts else source)
    return clean_name(_strip_adverbs(head.strip()))


def subjects(source: str, f: F.Figure) -> list[str]:
    """The subjects a figure is set for when the text says 均 (甲和乙均增長11%以上): one name each."""
    head = source[max(0, f.start - WINDOW):f.start]
    m = re.search(r"([^，,；;。]+?)(?:均|都)(增長|增长|達到|达到|提高|下降|控制在)?$", head)
    if not m or not re.search(r"和|與|与|、|及", m.group(1)):
        return []
    verb = m.group(2) or ""
    parts = [p.strip() for p in re.split(r"和|與|与|、|及", m.group(1)) if p.strip()]
    return [clean_name(_NAME_DROP.sub("", p) + verb) for p in parts] if len(parts) > 1 else []
