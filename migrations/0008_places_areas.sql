-- Areas of the city (wards, neighbourhoods) named in the gazetteer, so the public list of reports can be
-- filtered by area: an area covers the box around its places. Optional in a deployment's files.
alter table gazetteer_places add column area text check (length(area) between 1 and 120);
create index gazetteer_places_area on gazetteer_places (area) where area is not null;
