// Debian's libxml2 is built with ICU, and its encoding.h then includes ICU's
// headers, which clash with the copy of ICU inside Foundation when one module
// imports both. copydesk never touches the ICU parts of libxml2's structs (it
// only passes their pointers around), so the headers are read without them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
