/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MMLAB_VERSION_H
#define _MMLAB_VERSION_H

#define MMLAB_VERSION "0.1.0"

#endif /* _MMLAB_VERSION_H */
