"""Layout: what turns a page's glyphs and drawings into lines, cells and tables: columns and reading
order, ruled tables, grids without ruling, bars and drawn marks, slides, figures, overprinted type."""
