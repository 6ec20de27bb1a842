"""The drafter's rules one by one, on small texts written by hand in either script: numbering,
sentences and clauses, figures and their meaning, kinds, deadlines, how clauses make tasks, unit
names and their matching. Each expected value is worked out from the rule stated in the module's
docstring (and README "Drafting a plan"), not read off the code's output."""

from __future__ import annotations

import pytest

from jxplan.draft import figures as F
from jxplan.draft.items import Unit
from jxplan.draft.structure import inline_roles, parse_roles
from jxplan.draft.tasks import classify, split
from jxplan.draft.text import clauses, cn_number, numbered, sentences
from jxplan.draft.units import Roster, is_group, kind_of, match, split_names


# ---- numbering ------------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("一、努力保持經濟平穩較快增長", ("section", 1, "努力保持經濟平穩較快增長")),
    ("十二、加强政府自身建设", ("section", 12, "加强政府自身建设")),
    ("（三）擴大有效投資", ("subsection", 3, "擴大有效投資")),
    ("(一)强信心、稳预期", ("subsection", 1, "强信心、稳预期")),
    ("25.加強社會管理服務。按照…", ("item", 25, "加強社會管理服務。按照…")),
    ("３．全角的編號", ("item", 3, "全角的編號")),
    ("2、顿号的编号", ("item", 2, "顿号的编号")),
    ("（2）小項", ("subitem", 2, "小項")),
    ("③带圈的编号", ("circled", 3, "带圈的编号")),
    ("2.2012年政府工作要點責任分解方案", ("item", 2, "2012年政府工作要點責任分解方案")),  # a year may follow
])
def test_a_heading_is_known_by_its_number(line, expected):
    assert numbered(line) == expected


@pytest.mark.parametrize("line", ["1.2萬畝農田", "2012年是關鍵一年", "一二三", "地區生產總值增長10%", "(1)"])
def test_a_line_that_only_starts_with_digits_is_no_heading(line):
    assert numbered(line) is None or numbered(line)[2] == ""


@pytest.mark.parametrize("text, n", [("一", 1), ("十", 10), ("十二", 12), ("二十五", 25), ("一百零三", 103), ("二○一二", 2012)])
def test_chinese_numerals(text, n):
    assert cn_number(text) == n


# ---- sentences and clauses --------------------------------------------------------------------

def test_sentences_end_at_full_stops_and_semicolons_outside_quotation_marks():
    text = "按照“調結構、穩增長，重投入；興實業”的思路，深入實施“七大戰略”。新增就業6萬人；控制在4%以內。"
    assert sentences(text) == ["按照“調結構、穩增長，重投入；興實業”的思路，深入實施“七大戰略”。", "新增就業6萬人；", "控制在4%以內。"]
    assert clauses(sentences(text)[0]) == ["按照“調結構、穩增長，重投入；興實業”的思路，", "深入實施“七大戰略”。"]


def test_an_unclosed_quotation_mark_does_not_swallow_the_paragraph():
    assert len(sentences("做好“百場活動工作。加快發展，推進建設。")) == 2


# ---- figures ----------------------------------------------------------------------------------

def figs(clause):
    return [(f.value, f.stretch, f.unit, f.compare, f.qualifier) for f in F.find(clause)]


@pytest.mark.parametrize("clause, expected", [
    ("地區生產總值增長10%", [("10", None, "%", "at_least", None)]),
    ("地区生产总值增长6.5%以上", [("6.5", None, "%", "at_least", "以上")]),
    ("城鎮登記失業率控制在4%以內", [("4", None, "%", "at_most", "以內")]),
    ("城镇登记失业率控制在4.5%以内", [("4.5", None, "%", "at_most", "以內")]),  # the format's word, in either script
    ("人口自然增長率控制在1‰以內", [("1", None, "‰", "at_most", "以內")]),
    ("力爭戰略性新興產業產值突破2000億元", [("2000", None, "億元", "above", "突破")]),
    ("引进内资超过200亿元", [("200", None, "亿元", "above", "超過")]),
    ("力爭嘉興港全年貨物吞吐量超6000萬噸、集裝箱超70萬標箱",
     [("6000", None, "萬噸", "above", "超"), ("70", None, "萬標箱", "above", "超")]),
    ("力爭完成2至3萬戶農房改造集聚", [("2", "3", "萬戶", "at_least", None)]),
    ("全年幫助3.1萬名城鎮失業人員實現就業", [("3.1", None, "萬人", "at_least", None)]),  # 名 counts persons
    ("參保人數分別達到91萬、137萬和110萬人",
     [("91", None, "萬人", "at_least", None), ("137", None, "萬人", "at_least", None), ("110", None, "萬人", "at_least", None)]),
    ("服務業增加值占GDP比重提高1.2個百分點", [("1.2", None, "個百分點", "at_least", None)]),
    ("新增输变电容量168万千伏安", [("168", None, "万千伏安", "at_least", None)]),
])
def test_figures_with_their_units_and_meaning_words(clause, expected):
    assert figs(clause) == expected


@pytest.mark.parametrize("clause", [
    "加快1000千伏皖電東輸、500千伏方家山核電等工程",  # a voltage names a line
    "繼續抓好王江涇、姚莊、崇福3個省級小城市試點",  # the count restates the names before it
    "在抓好5個省塊狀經濟向現代產業集群轉型升級示範區建設的基礎上",  # a frame, not a commitment
    "深入開展“3+x”縣鄉村醫療衛生資源統籌配置",  # a name in quotation marks
    "推进s356横沟至黄沙铺改扩建二期",  # a road's code
    "确保107国道咸安绕城段建成通车",  # a road's number
    "2012年是實施“十二五”規劃承上啟下的重要一年",  # a year
    "推進5G基站建設",  # a code
    "力爭進入全國前10名",  # a rank
])
def test_numbers_that_name_are_not_figures(clause):
    assert F.find(clause) == []


def kind(clause, k=0):
    f = F.find(clause)[k]
    return F.kind(f, clause)


@pytest.mark.parametrize("clause, expected", [
    ("地區生產總值增長10%", "rate"),
    ("居民消費價格總水平漲幅控制在4%左右", "rate"),
    ("城镇登记失业率控制在4%以内", "rate"),
    ("研究與試驗發展經費支出占生產總值比重達到2.3%", "level"),  # a share to reach
    ("帶動農戶比例達到50%以上", "level"),
    ("力爭年內85%以上的村完成改革任務", "level"),  # a share of villages done
    ("服务业增加值占GDP比重提高1.2个百分点", "rate"),
    ("新增城鎮就業6萬人", "cumulative"),
    ("全年实际利用外资14亿美元", "cumulative"),
    ("著力培育50家重點服務外包企業", "cumulative"),
    ("力爭百億龍頭企業達到3家", "level"),  # a stock to reach
    ("重點培育8個百億以上產業集群", "level"),  # a class defined by its size
    ("粮食产量稳定在23万吨", "level"),
    ("累计建成5G基站1000个", "level"),
])
def test_the_kind_of_a_figure(clause, expected):
    assert kind(clause)[0] == expected


def test_what_the_words_leave_open_is_said():
    # 左右 is the figure's qualifier, no tolerance invented: the figure itself is judged (docs/formats.md)
    f = F.find("地區生產總值增長6%左右")[0]
    assert f.qualifier == "左右" and f.notes == []
    assert kind("累計建成社區養老服務中心120家")[1]  # 累計 may count earlier years
    assert kind("粮食产量稳定在23万吨")[1]
    # a ceiling read from the indicator's name (less is better), not from the words: said
    f = F.find("城鎮登記失業率3%左右")[0]
    assert f.compare == "at_most" and any("上限" in n for n in f.notes)


@pytest.mark.parametrize("clause, quarter", [
    ("上半年完成規劃編制", "Q2"), ("一季度开工建设", "Q1"), ("6月底前出臺實施辦法", "Q2"), ("9月30日前建成", "Q3"),
    ("确保仓储物流区7月份建成", "Q3"), ("十一月底前完成", "Q4"), ("年內建成", "Q4"), ("全年新增50家", "Q4"),
])
def test_deadlines_from_time_words(clause, quarter):
    assert F.deadline(clause).quarter == quarter


def test_no_time_words_no_deadline():
    assert F.deadline("加快推進縣級公立醫院改革試點") is None


# ---- tasks ------------------------------------------------------------------------------------

@pytest.mark.parametrize("clause, expected", [
    ("確保固定資產投資增長10%", "figure"),
    ("啟動南洋職業技術學院遷建工程", "end"),
    ("确保咸九高速建成投用", "end"),
    ("制定出臺產業轉移指導目錄", "end"),
    ("實現城市社區居家養老服務網點全覆蓋", "end"),
    ("加快推進縣級公立醫院改革試點", "duty"),
    ("堅持把“退低進高、退二進三”作為優結構、拓空間、增效益的重要舉措", "frame"),
    ("以土地整治复垦为龙头", "frame"),
    ("努力緩解用電緊張矛盾", "aim"),
    ("確保項目早落地、早投產", "aim"),  # as early as possible: an aim, not an end state
    ("鞏固“森林城市”等創建成果", "duty"),  # 創建成果 holds no 建成
])
def test_each_clause_has_a_part_to_play(clause, expected):
    assert classify(clause) == expected


def sources(text):
    found, not_tasks = split(text)
    return [(f.source, f.kind) for f in found], not_tasks


def test_a_sentence_of_duties_is_one_task_and_figures_and_end_states_are_their_own():
    text = ("加強電力供需形勢預測，強化用電管理，實行差別電價制度，努力緩解用電緊張矛盾。"
            "加快農村基礎設施改造提升步伐，年內新建農村聯網公路70公里，改造農村公路危橋73座。"
            "强化规划引领，启动新一轮城市总体规划修编。")
    found, _ = sources(text)
    assert found == [
        ("加強電力供需形勢預測，強化用電管理，實行差別電價制度，努力緩解用電緊張矛盾", "open"),
        ("加快農村基礎設施改造提升步伐", "open"),
        ("年內新建農村聯網公路70公里", "figure"),
        ("改造農村公路危橋73座", "figure"),
        ("强化规划引领", "open"),
        ("启动新一轮城市总体规划修编", "end"),
    ]


def test_frames_belong_to_the_task_after_them_and_aims_to_the_one_before():
    found, _ = sources("以土地整治復墾為龍頭，扎實推進新社區建設，復墾宅基地1.2萬畝，促進人口集聚。")
    assert found == [("以土地整治復墾為龍頭，扎實推進新社區建設", "open"), ("復墾宅基地1.2萬畝，促進人口集聚", "figure")]


def test_a_sentence_that_only_frames_is_no_task():
    found, not_tasks = sources("把擴大有效投入作為穩定經濟的重大舉措來抓。加快推進重大項目建設。")
    assert not_tasks == ["把擴大有效投入作為穩定經濟的重大舉措來抓"] and found == [("加快推進重大項目建設", "open")]


def test_respectively_takes_the_clauses_that_name_its_figures():
    found, _ = sources("完善失業、工傷、生育保險制度，進一步擴大覆蓋面，參保人數分別達到91萬、137萬和110萬人。")
    assert found == [("完善失業、工傷、生育保險制度，進一步擴大覆蓋面，參保人數分別達到91萬、137萬和110萬人", "figure")]
    assert len(split("參保人數分別達到91萬、137萬和110萬人。")[0][0].figures) == 3


def test_an_end_state_of_several_projects_is_one_task_each_and_of_one_deliverable_one():
    (projects,), _ = split("启动南外环高速公路、全域公交项目建设。")
    assert projects.objects == ["启动南外环高速公路项目建设", "启动全域公交项目建设"]
    (policy,), _ = split("研究制定相關實施意見和配套政策。")
    assert policy.objects == []
    found, _ = split("确保仓储物流区7月份建成、商业引导区11月份建成。")  # two predicates, each with its deadline
    assert [(f.source, f.due.quarter) for f in found] == [("确保仓储物流区7月份建成", "Q3"), ("商业引导区11月份建成", "Q4")]


def test_a_duty_with_a_deadline_before_the_year_end_has_an_end():
    (f,), _ = split("上半年加快推進老舊小區改造。")
    assert f.kind == "end" and f.due.quarter == "Q2"


# ---- units ------------------------------------------------------------------------------------

def test_names_are_split_outside_brackets_and_share_an_ending():
    assert split_names("區發改局、區自然資源和規劃局,區經發集團;各鄉鎮(街道)") == ["區發改局", "區自然資源和規劃局", "區經發集團", "各鄉鎮(街道)"]
    assert split_names("咸安区、嘉鱼县、通山县人民政府") == ["咸安区人民政府", "嘉鱼县人民政府", "通山县人民政府"]


@pytest.mark.parametrize("name, group", [("各街道", True), ("相关乡镇办", True), ("區直各部門", True), ("全区经济运行各专班", True),
                                         ("市长江综合门户港项目建设领导小组成员单位", True), ("區發改局", False), ("海寧市", False)])
def test_a_group_of_units_is_told_from_a_unit(name, group):
    assert is_group(name) == group


@pytest.mark.parametrize("name, kind", [("海寧市", "county"), ("嘉善縣人民政府", "county"), ("市發改委", "department"),
                                        ("莲都经开区管委会", "zone"), ("区经发集团", "enterprise"), ("新城街道", "subdistrict"),
                                        ("大橋鎮", "town"), ("市生态环境局咸安分局", "branch"), ("区税务局", "branch")])
def test_a_unit_kind_by_its_name(name, kind):
    assert kind_of(name)[0] == kind


UNITS = [Unit("fgw", "市發改委", full_name="嘉興市發展和改革委員會"), Unit("rsj", "嘉興市人力資源和社會保障局"),
         Unit("jxj", "市經濟和信息化局"), Unit("gsj", "市國家稅務局"), Unit("dsj", "市地方稅務局"), Unit("swj", "市商务局")]


@pytest.mark.parametrize("name, uid, how", [
    ("市發改委", "fgw", "exact"),
    ("嘉兴市发展和改革委员会", "fgw", "script"),  # the full name, in the other script
    ("市人社局", "rsj", "short"), ("市人力社保局", "rsj", "short"),  # short forms of a full name
    ("市經信局", "jxj", "short"),
    ("市商務局", "swj", "script"),
    ("市國稅局", "gsj", "short"),
])
def test_names_match_the_office_list_in_either_script_and_short(name, uid, how):
    m = match(name, UNITS)
    assert (m.unit.id if m.unit else None, m.how) == (uid, how)


def test_a_name_the_list_lacks_is_kept_and_marked_and_an_unclear_one_is_never_guessed():
    roster = Roster(UNITS)
    new = roster.resolve("市財政局")
    assert new.name == "市財政局" and new.id == "u07" and new.notes
    roster = Roster(UNITS + [Unit("jtj", "市交通運輸局"), Unit("jsj", "市交通建設局")])
    unclear = roster.resolve("市交通局")  # either could be meant
    assert unclear.id not in ("jtj", "jsj") and "無法確定" in unclear.notes[0] and "市交通運輸局" in unclear.notes[0]
    drafted = Roster([])
    assert [drafted.resolve(n).id for n in ("區發改局", "區財政局", "区发改局")] == ["u01", "u02", "u01"]
    assert drafted.units[0].notes == []  # no list given: nothing to be missing from


def test_units_written_after_an_item_in_either_bracket():
    text, roles = inline_roles("地区生产总值增长8%以上。(责任领导:杜新国;牵头单位:区发改局)", "1")
    assert text == "地区生产总值增长8%以上。" and roles.leaders == ["杜新国"] and roles.lead == ["区发改局"]
    text, roles = inline_roles("引進龍頭企業入駐。[責任單位：老街辦、區招商服務中心]", "1")
    assert roles.co == ["老街辦", "區招商服務中心"] and roles.only_co and roles.words["co"] == "責任單位"
    roles = parse_roles("牵头单位:市发改委;责任单位:各县市区人民政府,咸宁高新区管委会;完成时限:6月底前", "1")
    assert roles.lead == ["市发改委"] and roles.co == ["各县市区人民政府", "咸宁高新区管委会"] and roles.due == "6月底前"
