/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output in the style of iproute2: every field goes through one print_*()
 * call that knows both its text format and its JSON key, so text and JSON
 * come from the same code path.
 *
 * Text: fields on a line are separated by one space; print_nl() ends the
 * line. JSON: keys and values, arrays and objects; a top-level value ends
 * with a newline.
 */
#ifndef _PANSWITCH_PRINT_H
#define _PANSWITCH_PRINT_H

#include <stdbool.h>
#include <stdint.h>

enum output_type {
	PRINT_FP = 1,		/* text only */
	PRINT_JSON = 2,		/* JSON only */
	PRINT_ANY = 3,		/* both */
};

void print_setup(bool json, bool pretty);
bool is_json(void);

/* key is NULL inside arrays and for top-level values */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(enum output_type type, const char *key);
void close_json_array(enum output_type type);

/* fmt is the text format (one conversion for the value), NULL: no text */
void print_string(enum output_type type, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum output_type type, const char *key, const char *fmt,
		unsigned int value);
void print_u64(enum output_type type, const char *key, const char *fmt,
	       uint64_t value);
/* JSON: true or false; text: fmt (no conversion) if value is true */
void print_bool(enum output_type type, const char *key, const char *fmt,
		bool value);
void print_fp(const char *text);	/* literal text, no JSON */
void print_nl(void);			/* end of a text line */

#endif /* _PANSWITCH_PRINT_H */
