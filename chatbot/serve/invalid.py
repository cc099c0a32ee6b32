"""What a client is told, in Chinese, when FastAPI or Starlette refuse a request before our code runs.

Consumes: pydantic's validation errors (a RequestValidationError's `errors()`), and the status and detail of a
Starlette HTTPException. Produces:
- `problems(errors)`: one Chinese sentence naming each bad field by its path and saying what is wrong with it
  ("请求无效：question 字段缺失。"), from the error's type and limits, never from the value sent;
- `public_detail(status, detail)`: the detail itself when it is ours (Chinese), else a Chinese sentence for
  Starlette's and FastAPI's English ones (an unparsable body, too many files or fields, 404, 405).
api.py answers with them; the 422's machine-readable `detail` list stays pydantic's own.
Shortcut: a pydantic error type not listed below is "{field} 的值无效" (still naming the field).
"""
from __future__ import annotations

import re

HAN = re.compile(r"[\u4e00-\u9fff]")
BODY = "请求体"  # the field name of the body itself (pydantic's loc ("body",))


class BadText(ValueError):
    """A string that cannot be written back as UTF-8 (a lone surrogate): raised by api.py's validator."""


def _limit(ctx: dict, key: str) -> str:
    return str(ctx.get(key, "?"))


# pydantic's error type → what is wrong with the field `f`, given the error's ctx
SAYS = {
    "missing": lambda f, c: f"{f} 字段缺失",
    "string_type": lambda f, c: f"{f} 须为字符串",
    "string_too_long": lambda f, c: f"{f} 太长：最多 {_limit(c, 'max_length')} 个字符",
    "string_too_short": lambda f, c: f"{f} 太短：至少 {_limit(c, 'min_length')} 个字符",
    "too_long": lambda f, c: f"{f} 太长：最多 {_limit(c, 'max_length')} {_unit(c)}",  # a list, or a string
    "list_too_long": lambda f, c: f"{f} 太长：最多 {_limit(c, 'max_length')} 项",
    "too_short": lambda f, c: f"{f} 太短：至少 {_limit(c, 'min_length')} {_unit(c)}",
    "list_type": lambda f, c: f"{f} 须为列表",
    "json_invalid": lambda f, c: "请求体不是 JSON",
    "extra_forbidden": lambda f, c: f"{f} 是不认识的字段",
    "literal_error": lambda f, c: f"{f} 须为 {_options(c)} 之一",
    "int_type": lambda f, c: f"{f} 须为整数",
    "int_parsing": lambda f, c: f"{f} 须为整数",
    "int_from_float": lambda f, c: f"{f} 须为整数",
    "bool_type": lambda f, c: f"{f} 须为 true 或 false",
    "bool_parsing": lambda f, c: f"{f} 须为 true 或 false",
    "model_type": lambda f, c: f"{f} 须为 JSON 对象",
    "model_attributes_type": lambda f, c: f"{f} 须为 JSON 对象",
    "dict_type": lambda f, c: f"{f} 须为 JSON 对象",
}


def _unit(ctx: dict) -> str:
    """项 for a list, 个字符 for a string (a length checked after a validator is pydantic's field_type "Value")."""
    return "项" if ctx.get("field_type") in ("List", "Tuple", "Set", "Dict") else "个字符"


def _options(ctx: dict) -> str:
    """The choices of a Literal, from pydantic's "'up' or 'down'": "up、down"."""
    return "、".join(re.findall(r"'([^']*)'", str(ctx.get("expected", "")))) or "允许的值"


def _field(loc) -> str:
    """pydantic's path without its first part ("body", "query"): "history.0.question"; the body itself: 请求体."""
    return ".".join(str(p) for p in tuple(loc)[1:]) or BODY


def _problem(error: dict) -> str:
    field, kind, ctx = _field(error.get("loc", ())), str(error.get("type", "")), error.get("ctx") or {}
    if kind == "value_error":
        said = "不是有效的 Unicode 文本（含孤立的代理项）" if isinstance(ctx.get("error"), BadText) else "的值无效"
        return f"{field} {said}"
    if kind == "missing" and field == BODY:
        return "缺少请求体"
    say = SAYS.get(kind)
    said = say(field, ctx) if say else f"{field} 的值无效"
    return said.replace(f"{BODY} ", BODY, 1) if field == BODY else said  # a space only after a Latin field path


def problems(errors) -> str:
    """The 422's message. Example: problems([{"type": "missing", "loc": ("body", "question")}])
    == "请求无效：question 字段缺失。\""""
    parts = list(dict.fromkeys(_problem(e) for e in errors)) or ["请求的内容不符合要求"]
    return "请求无效：" + "；".join(parts) + "。"


# Starlette's and FastAPI's English details (fixed texts, or with one number) → Chinese
FIXED = {
    "There was an error parsing the body": "请求体无法解析：请检查它的格式（JSON 或 multipart/form-data）。",
    "Missing boundary in multipart.": "multipart/form-data 请求缺少 boundary：请让客户端库生成表单请求。",
    "Invalid multipart data.": "multipart/form-data 请求的内容无效。",
}
NUMBERED = [
    (re.compile(r"Too many files\. Maximum number of files is (\d+)\."),
     "一次最多上传 {} 个文件（CHATBOT_UPLOAD_MAX_FILES）：请分几次上传。"),
    (re.compile(r"Too many fields\. Maximum number of fields is (\d+)\."), "表单字段太多：最多 {} 个。"),
    (re.compile(r"(?:Part|Field) exceeded maximum size of (\d+)KB\."), "表单里的一个字段超过 {} KB。"),
]
NOT_LABELLED = "请求无效：请求头须有 Content-Type: application/json，请求体才会按 JSON 读取。"
BODY_NOT_OBJECT = ("model_attributes_type", "model_type", "dict_type")


def unlabelled_json(content_type: str, detail: list[dict]) -> bool:
    """Whether a 422 is only the body sent without a JSON Content-Type (curl -d's default form type, none at all):
    FastAPI then reads it as bytes and reports "须为 JSON 对象" for a body that is one. `detail`: the 422's list
    ({"loc": ["body"], "type": …}). Example: unlabelled_json("text/plain", [{"loc": ["body"], "type": "model_attributes_type"}])"""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return False
    return any(e.get("loc") == ["body"] and e.get("type") in BODY_NOT_OBJECT for e in detail)


SERVER_ERROR = "服务器内部出错：请稍后再试。"   # any 5xx: what failed is the operator's log's business, not the client's
STATUS = {400: "请求无效。", 401: "需要访问令牌。", 403: "没有权限。", 404: "没有这个地址。",
          405: "这个地址不接受这种请求方法。", 413: "请求内容太大。", 415: "不接受这种内容类型。",
          429: "请求太频繁：请稍后再试。"}


def public_detail(status: int, detail) -> str:
    """An HTTPException's detail as a reader should see it. Example: public_detail(404, "Not Found") == "没有这个地址。\""""
    text = str(detail)
    if HAN.search(text):  # ours (source.py's): already Chinese
        return text
    if text in FIXED:
        return FIXED[text]
    for pattern, said in NUMBERED:
        if m := pattern.fullmatch(text):
            return said.format(m.group(1))
    if status >= 500:
        return SERVER_ERROR
    return STATUS.get(status, f"请求无效（HTTP {status}）。")
