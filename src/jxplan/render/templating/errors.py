"""Jinja2's error messages in Chinese, for the one line a broken template gets.

A template an office writes fails in a few common ways: a field that is not in the context
(``'x' is undefined``), a tag left open, a filter that does not exist, a division by zero, a
number added to a text. Each is said in Chinese; what is not recognised keeps Jinja's own
words after a Chinese lead (模板語法錯誤：…, 模板執行出錯：…).
"""

from __future__ import annotations

import re

import jinja2

_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "模板結尾",
           "name": "名字", "string": "字符串", "integer": "整數", "float": "小數", "operator": "運算符",
           "end of comment": "#}", "begin of print statement": "{{", "begin of statement block": "{%",
           "rparen": ")", "rbracket": "]", "rbrace": "}", "comma": ",", "colon": ":", "assign": "=",
           "lparen": "(", "lbracket": "[", "lbrace": "{", "dot": "."}


def _token(word: str) -> str:
    word = word.strip("'\"")
    return _TOKENS.get(word, word)


_SYNTAX = [
    (re.compile(r"Unexpected end of template\. Jinja was looking for the following tags: (.+?)\. "
                r"The innermost block that needs to be closed is '(\w+)'\.", re.S),
     lambda m: f"模板在「{m[2]}」塊結束之前就結束了（缺少 {{% end{m[2]} %}}）"),
    (re.compile(r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: (.+?)\. "
                r"The innermost block that needs to be closed is '(\w+)'\.", re.S),
     lambda m: f"未知的標籤「{m[1]}」（「{m[3]}」塊還沒有結束）"),
    (re.compile(r"Encountered unknown tag '(\w+)'\.", re.S), lambda m: f"未知的標籤「{m[1]}」"),
    (re.compile(r"unexpected end of template, expected '(.+?)'\.?$", re.S),
     lambda m: f"模板意外結束，應有「{_token(m[1])}」"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'", re.S),
     lambda m: f"這裡應為「{_token(m[1])}」，卻是「{_token(m[2])}」"),
    (re.compile(r"Expected an expression, got '(.+?)'", re.S),
     lambda m: f"這裡應有一個值或表達式，卻是「{_token(m[1])}」"),
    (re.compile(r"unexpected '(.+?)'", re.S), lambda m: f"意外的「{_token(m[1])}」"),
    (re.compile(r"unexpected char '(.+?)' at \d+", re.S), lambda m: f"意外的字符「{m[1]}」"),
    (re.compile(r"No filter named '(.+?)'\.?", re.S | re.I), lambda m: f"沒有名為「{m[1]}」的過濾器"),
    (re.compile(r"No test named '(.+?)'\.?", re.S | re.I), lambda m: f"沒有名為「{m[1]}」的測試"),
    (re.compile(r"tag name expected", re.S), lambda m: "「{%」之後應有標籤名"),
    (re.compile(r"Missing end of comment tag", re.S), lambda m: "注釋沒有結束（缺少「#}」）"),
    (re.compile(r"Missing end of raw directive", re.S), lambda m: "raw 塊沒有結束（缺少 {% endraw %}）"),
    (re.compile(r"[Bb]lock '(.+?)' defined twice", re.S), lambda m: f"塊「{m[1]}」定義了兩次"),
    (re.compile(r"Can't assign to special loop variable", re.S), lambda m: "不能給循環變量 loop 賦值"),
]

_OBJECTS = {"dict object": "字典", "list object": "列表", "str object": "字符串", "int object": "整數",
            "float object": "小數", "tuple object": "元組", "NoneType object": "空值（None）",
            "bool object": "布爾值", "Markup object": "字符串", "namespace object": "namespace",
            "jinja2.utils.Namespace object": "namespace", "LoopContext object": "loop"}

_UNDEFINED = [
    (re.compile(r"^'(.+?)' is undefined$", re.S), lambda m: f"「{m[1]}」沒有定義（上下文中沒有這個字段或變量）"),
    (re.compile(r"^'(.+?)' has no attribute '(.+?)'$", re.S),
     lambda m: f"{_OBJECTS.get(m[1], '「' + m[1] + '」')}沒有字段「{m[2]}」"),
    (re.compile(r"^'(.+?)' has no element (.+)$", re.S),
     lambda m: f"{_OBJECTS.get(m[1], '「' + m[1] + '」')}沒有第 {m[2]} 項（或鍵 {m[2]}）"),
]

_TYPES = {"int": "整數", "float": "小數", "str": "字符串", "list": "列表", "dict": "字典", "tuple": "元組",
          "NoneType": "空值（None）", "bool": "布爾值", "Undefined": "未定義的值", "Markup": "字符串",
          "LoopContext": "loop", "generator": "生成器", "range": "range", "_Counted": "range 或過濾器給出的序列"}


def _kind(name: str) -> str:
    return _TYPES.get(name, f"「{name}」")


_RUNTIME = [
    (re.compile(r"unsupported operand type\(s\) for (.+?): '(\w+)' and '(\w+)'"),
     lambda m: f"{_kind(m[2])}和{_kind(m[3])}不能做「{m[1]}」運算"),
    (re.compile(r"can only concatenate (\w+) \(not \"(\w+)\"\) to (\w+)"),
     lambda m: f"{_kind(m[1])}只能和{_kind(m[3])}相加，不能加{_kind(m[2])}（連接文字請用「~」）"),
    (re.compile(r"can't multiply sequence by non-int of type '(\w+)'"),
     lambda m: f"字符串或列表只能乘以整數，不能乘以{_kind(m[1])}"),
    (re.compile(r"'(\w+)' object is not iterable"), lambda m: f"{_kind(m[1])}不能用於循環"),
    (re.compile(r"object of type '(\w+)' has no len\(\)"), lambda m: f"{_kind(m[1])}沒有長度"),
    (re.compile(r"'(\w+)' object is not callable"), lambda m: f"{_kind(m[1])}不能調用"),
    (re.compile(r"'(\w+)' object is not subscriptable"), lambda m: f"{_kind(m[1])}不能取下標"),
    (re.compile(r"'(<|>|<=|>=)' not supported between instances of '(\w+)' and '(\w+)'"),
     lambda m: f"{_kind(m[2])}和{_kind(m[3])}不能比較大小"),
    (re.compile(r"(\w+)\(\) takes (.+?) positional arguments? but (\d+) (?:was|were) given"),
     lambda m: f"{m[1]}() 的參數個數不對（給了 {m[3]} 個）"),
    (re.compile(r"(\w+)\(\) got an unexpected keyword argument '(\w+)'"),
     lambda m: f"{m[1]}() 沒有名為「{m[2]}」的參數"),
    (re.compile(r"(\w+)\(\) missing (\d+) required positional arguments?: (.+)"),
     lambda m: f"{m[1]}() 少了參數 {m[3]}"),
    (re.compile(r"The loop must have the 'recursive' marker"), lambda m: "只有標了 recursive 的循環才能調用 loop()"),
    (re.compile(r"Exceeded the limit \(\d+\) for integer string conversion"), lambda m: "數字太長，無法顯示"),
]

_ERRORS = {"ZeroDivisionError": "除數為零", "OverflowError": "數值太大", "IndexError": "下標超出範圍",
           "KeyError": "沒有這個鍵", "ValueError": "值不對", "TypeError": "類型不對",
           "AttributeError": "沒有這個屬性", "TemplateRuntimeError": "模板運行出錯",
           "FilterArgumentError": "過濾器的參數不對"}


def _first(rules, text: str) -> str | None:
    for pattern, say in rules:
        m = pattern.search(text)
        if m:
            return say(m)
    return None


def explain(exc: BaseException) -> str:
    """What went wrong, in Chinese, for an error raised by a template (without where)."""
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"找不到模板 {exc.name}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        said = _first(_SYNTAX, exc.message or "")
        return f"模板語法錯誤：{said or exc.message}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        m = re.search(r"access to attribute '(.+?)' of '(.+?)' object is unsafe", str(exc))
        what = f"訪問「{m[1]}」" if m else "調用不安全的函數" if "not safely callable" in str(exc) else str(exc)
        return f"模板試圖{what}，這是不允許的；模板只能排版，不能執行程序"
    if isinstance(exc, jinja2.UndefinedError):
        said = _first(_UNDEFINED, exc.message or "")
        return f"模板用到了不存在的字段：{said or exc.message}"
    if isinstance(exc, RecursionError):
        return "模板遞歸太深"
    if isinstance(exc, MemoryError):
        return "模板生成的內容太大"
    name = type(exc).__name__
    text = " ".join(str(exc).split())
    said = _first(_RUNTIME, text)
    if said:
        return f"模板執行出錯：{said}（{name}）"
    if name in _ERRORS:
        return f"模板執行出錯：{_ERRORS[name]}（{name}{'：' + text if text else ''}）"
    return f"模板執行出錯：{name}{'：' + text if text else ''}"
