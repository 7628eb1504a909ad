import { z } from 'zod';

/** Physical bounds shared by several channels (domain.md "Validation rules"). */
export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);
export const percent = z.number().min(0).max(100);

/** Roadside stations work in China: domain.md bounds their fixes to the national bounding box. */
export const CHINA_BBOX = { minLat: 3.8, maxLat: 53.6, minLon: 73.5, maxLon: 135.1 } as const;
export const chinaLatitude = z.number().min(CHINA_BBOX.minLat).max(CHINA_BBOX.maxLat);
export const chinaLongitude = z.number().min(CHINA_BBOX.minLon).max(CHINA_BBOX.maxLon);

export const casNumber = z.string().max(16);
export const compoundName = z.string().min(1).max(120);
