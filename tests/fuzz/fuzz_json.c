/* fuzz_json.c - fuzz the JSON reader: no crash, and a tree that holds together */
#include <stdint.h>
#include <string.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every container's count is its values', every string's length its own. */
static void walk(const struct json *v, int depth)
{
	size_t n = 0;

	if (depth > JSON_MAX_DEPTH + 1)
		__builtin_trap();
	if (v->type == JSON_STRING && (!v->str || strlen(v->str) > v->len || v->str[v->len] != '\0'))
		__builtin_trap();
	for (const struct json *k = v->kids; k; k = k->next, n++) {
		if ((v->type == JSON_OBJECT) != (k->key != NULL))
			__builtin_trap();
		if (v->type == JSON_OBJECT && json_get(v, k->key) == NULL)
			__builtin_trap();
		walk(k, depth + 1);
	}
	if (n != v->n || ((v->type == JSON_ARRAY || v->type == JSON_OBJECT) ? 0 : n != 0))
		__builtin_trap();
	if (n && json_at(v, n - 1) == NULL)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_error err;
	struct json *v = json_parse((const char *)data, size, &err);

	if (!v) {
		if (err.offset > size || !err.msg[0] || err.line < 1 || err.column < 1)
			__builtin_trap();
		return 0;
	}
	walk(v, 0);
	json_free(v);
	return 0;
}
