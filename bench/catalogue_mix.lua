-- Catalogue pages in turn (the first page of each sort, the filters, deep pages by cursor),
-- to load a worker with many different queries before its memory is read. The file named
-- after `--` holds one path per line.

local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    table.insert(paths, line)
  end
  counter = math.random(1, #paths)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
