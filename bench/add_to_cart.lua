-- Add to cart under load: each request posts the real form (CSRF token, product, quantity)
-- as one of the guests the bench prepared, each with its own session cookie and token, and
-- moves on to the next guest and the next product, so no cart grows long and no product
-- runs out. The file named after `--` holds one line per guest ("guest<TAB>cookie<TAB>token")
-- and per product ("product<TAB>id").

local guests = {}
local products = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local kind, first, second = line:match("^(%a+)\t([^\t]+)\t?(.*)$")
    if kind == "guest" then
      table.insert(guests, { cookie = first, token = second })
    elseif kind == "product" then
      table.insert(products, first)
    end
  end
  -- Threads start at different places so that they do not use the same guest at once.
  counter = math.random(1, #guests)
end

function request()
  counter = counter + 1
  local guest = guests[(counter % #guests) + 1]
  local product = products[(counter % #products) + 1]
  local body = "csrf_token=" .. guest.token .. "&product_id=" .. product .. "&quantity=1&next=%2Fcart"
  local headers = {}
  for name, value in pairs(wrk.headers) do  -- Host and any -H given on the command line
    headers[name] = value
  end
  headers["Cookie"] = guest.cookie
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "/cart/add", headers, body)
end
