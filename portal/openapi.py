"""The OpenAPI schema says what the server does (drf-spectacular's postprocessing hook).

drf-spectacular describes each operation's success from its serializer and its
filters; what every operation may also answer is added here, in one place:

- `400` with the fields at fault, where an operation takes query parameters or
  a body (and the text answer of a URL carrying NUL, which no view takes);
- `404` where an item is looked up or a list is paged past its end;
- `403` where the operation needs staff credentials, and `429` where it is
  rate-limited;
- filters that take only known slugs (an industry, a park, a section...) list
  them as an `enum`, read from the database when the schema is made, so that a
  value the schema allows is one the server accepts;
- no string parameter may carry NUL.
"""

from django.db import DatabaseError, transaction
from django_filters import ModelChoiceFilter

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each field at fault, with messages a person can act on.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]
    },
}
NUL_REFUSED = {"type": "string", "description": "The address contains NUL."}
NO_NUL = "^[^\\u0000]*$"
SLUG = "^[-a-zA-Z0-9_]+$"

# Query parameters that must not be empty: the search's words, an export's file type.
REQUIRED_VALUES = {("/api/v1/search/", "q"), ("/api/v1/staff/applications/export/", "type")}

# Operations that answer 429 when a client sends too many requests: (method, path suffix).
RATE_LIMITED = {("post", "/applications/")}


def _json(schema_ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": schema_ref}}},
    }


def _slug_enums(generator) -> dict[tuple[str, str], list[str]]:
    """`{(path, parameter): [accepted values]}` for every filter that takes known slugs.

    Empty when the database cannot say (`manage.py check` before `migrate`): the
    schema then names the parameters without their values.
    """
    try:
        with transaction.atomic():
            return _read_slug_enums(generator)
    except DatabaseError:
        return {}


def _read_slug_enums(generator) -> dict[tuple[str, str], list[str]]:
    enums = {}
    for path, _regex, _method, view in generator.endpoints:
        filterset_class = getattr(getattr(view, "cls", None), "filterset_class", None)
        if filterset_class is None:
            continue
        for name, field in filterset_class.base_filters.items():
            if isinstance(field, ModelChoiceFilter) and field.extra.get("to_field_name"):
                values = field.queryset.values_list(field.extra["to_field_name"], flat=True)
                enums[(path, name)] = sorted(set(values))
    return enums


def describe_every_answer(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR
    components["FieldErrors"] = FIELD_ERRORS
    enums = _slug_enums(generator)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            responses = operation.setdefault("responses", {})
            for parameter in parameters:
                schema = parameter.setdefault("schema", {"type": "string"})
                if parameter["in"] == "query" and (path, parameter["name"]) not in REQUIRED_VALUES:
                    # django-filter and the paginator read an empty value as none at all.
                    parameter["allowEmptyValue"] = True
                if parameter["name"] == "page_size":
                    # Anything but a whole number in range gives the default page size.
                    parameter["schema"] = {"description": "Rows per page (default 20)."}
                elif (path, parameter["name"]) in enums:
                    schema["enum"] = enums[(path, parameter["name"])]
                elif parameter["in"] == "path" and parameter["name"] == "slug":
                    schema.setdefault("pattern", SLUG)
                elif schema.get("type") == "string" and "enum" not in schema:
                    schema.setdefault("pattern", NO_NUL)
                if all(isinstance(value, str) for value in schema.get("enum", [None])):
                    # A choice filter over a boolean column takes "true"/"false": text.
                    schema["type"] = "string"
            if any(p["in"] == "query" for p in parameters) or "requestBody" in operation:
                responses.setdefault(
                    "400",
                    {
                        "description": "Invalid input: the fields at fault, or an address "
                        "carrying NUL (as text).",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/FieldErrors"}
                            },
                            "text/plain": {"schema": NUL_REFUSED},
                        },
                    },
                )
            if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
                not_found = _json("#/components/schemas/Error", "Not found.")
                # An address no route matches gets the site's 404 page.
                not_found["content"]["text/html"] = {"schema": {"type": "string"}}
                responses.setdefault("404", not_found)
            if operation.get("security") and {} not in operation["security"]:
                responses.setdefault(
                    "403", _json("#/components/schemas/Error", "Not signed in, or not allowed.")
                )
            if any(method == m and path.endswith(suffix) for m, suffix in RATE_LIMITED):
                responses.setdefault(
                    "429", _json("#/components/schemas/Error", "Too many requests: retry later.")
                )
    return result
