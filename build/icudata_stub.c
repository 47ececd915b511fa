/* An empty ICU data library, in place of the 30 MiB libicudata the PySide6 wheel ships on Linux.
 *
 * Qt Core links ICU for what netlm-risk never does: locale-aware collation (QCollator), legacy
 * character-set converters (QStringConverter beyond UTF-8/16/32 and Latin-1) and time-zone display
 * names. ICU's own data (locale collation rules, converter tables, zone names) lives in
 * libicudata; the Unicode properties Qt needs are compiled into libicuuc itself. With this stub,
 * ICU finds no data files and its data-driven services report U_MISSING_RESOURCE_ERROR, which Qt
 * handles by falling back to its own code (plain code-point order for sorting, for example).
 *
 * It is ICU's "stubdata" (icu4c/source/stubdata): a common-data header with an empty table of
 * contents, exported under the name libicuuc looks for (icudt<major>_dat). No headers and no C
 * library: build/netlm-risk.spec compiles it with gcc -shared -nostdlib (the symbol name and the
 * soname come from the wheel's own library).
 */

struct UDataInfo {
    unsigned short size, reservedWord;
    unsigned char isBigEndian, charsetFamily, sizeofUChar, reservedByte;
    unsigned char dataFormat[4], formatVersion[4], dataVersion[4];
};

struct ICUDataHeader {
    unsigned short headerSize;
    unsigned char magic1, magic2;
    struct UDataInfo info;
    char padding[8];
    unsigned int count, reserved;
    struct { const char *name; const void *data; } toc[1];
};

__attribute__((visibility("default"), aligned(16)))
const struct ICUDataHeader ICU_DATA_ENTRY_POINT = {
    32, 0xda, 0x27,
    /* little-endian, ASCII family, 2-byte UChar, format "ToCP" 1.0.0.0 */
    { sizeof(struct UDataInfo), 0, 0, 0, 2, 0, {0x54, 0x6f, 0x43, 0x50}, {1, 0, 0, 0}, {0, 0, 0, 0} },
    {0}, 0, 0, {{0, 0}},
};
