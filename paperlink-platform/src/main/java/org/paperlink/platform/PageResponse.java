package org.paperlink.platform;

import java.util.List;

/** One page of a list, with the total across all pages. Pages count from 0. */
public record PageResponse<T>(List<T> items, long total, int page, int size) {

}
