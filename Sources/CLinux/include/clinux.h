#ifndef COPYDESK_CLINUX_H
#define COPYDESK_CLINUX_H

/// rename(2) that never replaces: renameat2(RENAME_NOREPLACE), which glibc
/// declares only under _GNU_SOURCE (so Swift's Glibc module does not see it).
/// Returns 0, or -1 with errno set: EEXIST when `to` exists; EINVAL or ENOSYS
/// when the filesystem or kernel cannot do it (the caller falls back to a
/// check and a plain rename).
int copydesk_rename_noreplace(const char *from, const char *to);

#endif
